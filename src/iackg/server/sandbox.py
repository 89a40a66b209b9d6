"""Confine a query worker process: no network, and no life after its server.

`deny_network` installs a seccomp filter (Linux, x86-64 and AArch64) under which `socket()`
succeeds only for local (AF_UNIX) sockets and `io_uring_setup` is refused; syscalls of any other
ABI kill the process. Oxigraph's SERVICE client therefore cannot connect anywhere, whatever query
reaches the engine. The filter is inherited by every thread started afterwards (so it must be
installed before the store opens) and cannot be lifted (`no_new_privs`).

`die_with_parent` asks the kernel to SIGKILL the worker when the process that started it ends,
including after `kill -9` of the server.
"""

from __future__ import annotations

import ctypes
import os
import platform
import signal
import struct

PR_SET_PDEATHSIG = 1
PR_SET_SECCOMP = 22
PR_SET_NO_NEW_PRIVS = 38
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_KILL_PROCESS = 0x80000000
SECCOMP_RET_ERRNO = 0x00050000
EACCES = 13
AF_UNIX = 1
# machine -> (audit arch, socket syscall, io_uring_setup syscall, first x32 syscall or None)
_ARCHES = {
    "x86_64": (0xC000003E, 41, 425, 0x40000000),
    "aarch64": (0xC00000B7, 198, 425, None),
}
# classic BPF opcodes
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_RET_K = 0x06


class SandboxUnavailable(Exception):
    """This system cannot confine a worker (not Linux on x86-64 or AArch64, or seccomp off)."""


def _filter(machine: str) -> bytes:
    arch, socket_nr, io_uring_nr, x32 = _ARCHES[machine]
    deny = SECCOMP_RET_ERRNO | EACCES
    code: list[tuple[int, int, int, int]] = [
        (_LD_W_ABS, 0, 0, 4),  # seccomp_data.arch
        (_JEQ_K, 1, 0, arch),
        (_RET_K, 0, 0, SECCOMP_RET_KILL_PROCESS),
        (_LD_W_ABS, 0, 0, 0),  # seccomp_data.nr
    ]
    if x32 is not None:  # the x32 ABI reaches the same calls under other numbers
        code += [(_JGE_K, 0, 1, x32), (_RET_K, 0, 0, SECCOMP_RET_KILL_PROCESS)]
    code += [
        (_JEQ_K, 0, 1, io_uring_nr),
        (_RET_K, 0, 0, deny),
        (_JEQ_K, 0, 3, socket_nr),
        (_LD_W_ABS, 0, 0, 16),  # seccomp_data.args[0] (low half): the address family
        (_JEQ_K, 1, 0, AF_UNIX),
        (_RET_K, 0, 0, deny),
        (_RET_K, 0, 0, SECCOMP_RET_ALLOW),
    ]
    return b"".join(struct.pack("=HBBI", *instruction) for instruction in code)


def _prctl():
    if platform.system() != "Linux":
        raise SandboxUnavailable(f"worker confinement needs Linux, not {platform.system()}")
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [
        ctypes.c_int,
        ctypes.c_ulong,
        ctypes.c_ulong,
        ctypes.c_ulong,
        ctypes.c_ulong,
    ]
    libc.prctl.restype = ctypes.c_int
    return libc.prctl


def deny_network() -> None:
    """Install the filter in this process (irreversible). Raises `SandboxUnavailable`."""
    machine = platform.machine()
    if machine not in _ARCHES:
        raise SandboxUnavailable(f"worker confinement is not written for {machine}")
    prctl = _prctl()
    program = _filter(machine)
    buffer = ctypes.create_string_buffer(program)
    # struct sock_fprog { unsigned short len; struct sock_filter *filter; }
    fprog = struct.pack("HxxxxxxP", len(program) // 8, ctypes.addressof(buffer))
    fprog_buffer = ctypes.create_string_buffer(fprog)
    if prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise SandboxUnavailable(f"prctl(NO_NEW_PRIVS) failed: {os.strerror(ctypes.get_errno())}")
    if prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(fprog_buffer), 0, 0) != 0:
        raise SandboxUnavailable(f"seccomp filter refused: {os.strerror(ctypes.get_errno())}")


def die_with_parent(parent_pid: int) -> None:
    """SIGKILL this process when its parent ends; exit now if the parent is already gone."""
    if platform.system() != "Linux":
        raise SandboxUnavailable("a parent-death signal needs Linux")
    if _prctl()(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise SandboxUnavailable(f"prctl(PDEATHSIG) failed: {os.strerror(ctypes.get_errno())}")
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)
