"""`pcaet site`: a static, self-contained and accessible website of the plan, built from
the same report frames as `pcaet report` (see docs/site.md)."""

from pcaet_cli.site.build import generate
from pcaet_cli.site.data import SiteOptions
from pcaet_cli.site.output import SiteFolder, check_target, site_folder

__all__ = ["SiteFolder", "SiteOptions", "check_target", "generate", "site_folder"]
