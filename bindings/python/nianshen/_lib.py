"""The C library, opened through cffi in ABI mode.

The declarations cffi needs are read from the installed nianshen.h itself
(comments and preprocessor lines taken out), never copied here: the structs
Python reads (ns_meta, ns_section, ns_cell, ns_diag...) have the layout the
header gives them, so this binding cannot drift from the library it opens.

Where the library and header are, in order:
  NIANSHEN_LIBRARY and NIANSHEN_HEADER (environment), each may be given alone;
  pkg-config's nianshen.pc (so PKG_CONFIG_PATH points it at a staged install);
  the dynamic loader's libnianshen.so.0 with the header under /usr/local or /usr.
"""
import ctypes.util
import os
import re
import shutil
import subprocess

from cffi import FFI

SONAME = "libnianshen.so.0"


def _pkg_config(var):
    exe = shutil.which("pkg-config")
    if not exe:
        return None
    try:
        out = subprocess.run([exe, "--variable=" + var, "nianshen"],
                             capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    value = out.stdout.strip()
    return os.path.normpath(value) if out.returncode == 0 and value else None


def _locate():
    lib = os.environ.get("NIANSHEN_LIBRARY")
    header = os.environ.get("NIANSHEN_HEADER")
    if not lib or not header:
        libdir, incdir = _pkg_config("libdir"), _pkg_config("includedir")
        if not lib and libdir and os.path.exists(os.path.join(libdir, SONAME)):
            lib = os.path.join(libdir, SONAME)
        if not header and incdir and os.path.exists(os.path.join(incdir, "nianshen.h")):
            header = os.path.join(incdir, "nianshen.h")
    if not lib:
        lib = ctypes.util.find_library("nianshen")  # the loader's cache
    if not header:
        for d in ("/usr/local/include", "/usr/include"):
            if os.path.exists(os.path.join(d, "nianshen.h")):
                header = os.path.join(d, "nianshen.h")
                break
    if not lib or not header:
        raise ImportError(
            "nianshen: cannot find the installed library (%s) and header "
            "(nianshen.h): install nianshen (make install), or set "
            "PKG_CONFIG_PATH, or NIANSHEN_LIBRARY and NIANSHEN_HEADER"
            % SONAME)
    return lib, header


def cdef_of(text):
    """The declarations of a C header as cffi's cdef takes them."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    out, skip = [], 0
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("#"):
            word = s[1:].split()
            d = word[0] if word else ""
            if skip:
                skip += d in ("if", "ifdef", "ifndef")
                skip -= d == "endif"
            elif d == "ifdef" and word[1:2] == ["__cplusplus"]:
                skip = 1  # extern "C" { ... }
            elif d == "define" and len(word) == 3 and re.fullmatch(r"-?\d+", word[2]):
                out.append("#define %s %s" % (word[1], word[2]))
            continue  # include guards, includes, string macros
        if not skip:
            out.append(line)
    return "\n".join(out)


LIBRARY, HEADER = _locate()
ffi = FFI()
with open(HEADER, encoding="utf-8") as _f:
    ffi.cdef(cdef_of(_f.read()))
lib = ffi.dlopen(LIBRARY)
