"""The error that stops a command with exit code 2: usage, configuration, unreadable input;
and the system's reasons for a failed read or write, in French."""

from __future__ import annotations

import errno
import os

_OS_REASONS = {
    errno.ENOENT: "introuvable",
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.EISDIR: "c'est un dossier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.ELOOP: "trop de liens symboliques",
    errno.ENAMETOOLONG: "nom trop long",
    errno.ENOSPC: "disque plein",
    errno.EDQUOT: "quota de disque atteint",
    errno.EROFS: "disque en lecture seule",
    errno.EIO: "erreur de lecture ou d'écriture du disque",
    errno.EEXIST: "existe déjà",
    errno.ENOTEMPTY: "dossier non vide",
    errno.EBUSY: "occupé par un autre programme",
    errno.EMFILE: "trop de fichiers ouverts",
    errno.ENFILE: "trop de fichiers ouverts",
    errno.EFBIG: "fichier trop gros",
    errno.EINVAL: "argument invalide",
    errno.ETXTBSY: "occupé par un autre programme",
    errno.ENXIO: "périphérique absent",
    errno.ENODEV: "périphérique absent",
}


def os_reason(exc: OSError) -> str:
    """Why the system refused, in French: the C library's reason (`strerror`) is in
    English whatever the user's language, as Python never sets LC_MESSAGES. A reason pcaet
    gave itself (an OSError raised with its own words) is kept."""
    if exc.errno is None:
        return exc.strerror or "erreur du système"
    if exc.strerror and exc.strerror != os.strerror(exc.errno):
        return exc.strerror
    if exc.errno in _OS_REASONS:
        return _OS_REASONS[exc.errno]
    return f"erreur du système {errno.errorcode.get(exc.errno, exc.errno)}"


class PcaetError(Exception):
    """A problem that prevents the tool from doing its job; the message is French and
    says what to do. The CLI prints it on one line on stderr and exits with 2."""
