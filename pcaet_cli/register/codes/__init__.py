"""The codes the register's reader emits (Y, S, N), each beside its documentation;
importing this package declares them all."""

from pcaet_cli.register.codes import layout, schema, yaml  # noqa: F401
