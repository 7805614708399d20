// SPDX-License-Identifier: Apache-2.0
// Name tables for the decoders. Values come from the system's UAPI/libc headers (the x86 family
// layout, which is what this tracer runs on); names follow strace's spelling.
#include "syscage/trace/decode/names.h"

#include <asm/prctl.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <linux/magic.h>
#include <linux/sched.h>
#include <linux/stat.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <cstring>

#include <netinet/in.h>

namespace syscage::trace::decode {
namespace {

#define N(x) \
  Named { static_cast<uint64_t>(x), #x }

// clang-format off
constexpr std::array<const char*, 134> kErrnoNames = {
  "", "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD",
  "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV",
  "ENOTDIR", "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC",
  "ESPIPE", "EROFS", "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK", "ENAMETOOLONG", "ENOLCK",
  "ENOSYS", "ENOTEMPTY", "ELOOP", "", "ENOMSG", "EIDRM", "ECHRNG", "EL2NSYNC", "EL3HLT", "EL3RST",
  "ELNRNG", "EUNATCH", "ENOCSI", "EL2HLT", "EBADE", "EBADR", "EXFULL", "ENOANO", "EBADRQC",
  "EBADSLT", "", "EBFONT", "ENOSTR", "ENODATA", "ETIME", "ENOSR", "ENONET", "ENOPKG", "EREMOTE",
  "ENOLINK", "EADV", "ESRMNT", "ECOMM", "EPROTO", "EMULTIHOP", "EDOTDOT", "EBADMSG", "EOVERFLOW",
  "ENOTUNIQ", "EBADFD", "EREMCHG", "ELIBACC", "ELIBBAD", "ELIBSCN", "ELIBMAX", "ELIBEXEC",
  "EILSEQ", "ERESTART", "ESTRPIPE", "EUSERS", "ENOTSOCK", "EDESTADDRREQ", "EMSGSIZE",
  "EPROTOTYPE", "ENOPROTOOPT", "EPROTONOSUPPORT", "ESOCKTNOSUPPORT", "EOPNOTSUPP",
  "EPFNOSUPPORT", "EAFNOSUPPORT", "EADDRINUSE", "EADDRNOTAVAIL", "ENETDOWN", "ENETUNREACH",
  "ENETRESET", "ECONNABORTED", "ECONNRESET", "ENOBUFS", "EISCONN", "ENOTCONN", "ESHUTDOWN",
  "ETOOMANYREFS", "ETIMEDOUT", "ECONNREFUSED", "EHOSTDOWN", "EHOSTUNREACH", "EALREADY",
  "EINPROGRESS", "ESTALE", "EUCLEAN", "ENOTNAM", "ENAVAIL", "EISNAM", "EREMOTEIO", "EDQUOT",
  "ENOMEDIUM", "EMEDIUMTYPE", "ECANCELED", "ENOKEY", "EKEYEXPIRED", "EKEYREVOKED",
  "EKEYREJECTED", "EOWNERDEAD", "ENOTRECOVERABLE", "ERFKILL", "EHWPOISON",
};

// Kernel-internal codes a tracer sees when a call is interrupted (include/linux/errno.h).
constexpr std::array<std::pair<int, std::pair<const char*, const char*>>, 10> kKernelErrnos = {{
  {512, {"ERESTARTSYS", "To be restarted if SA_RESTART is set"}},
  {513, {"ERESTARTNOINTR", "To be restarted"}},
  {514, {"ERESTARTNOHAND", "To be restarted if no handler"}},
  {515, {"ENOIOCTLCMD", "No ioctl command"}},
  {516, {"ERESTART_RESTARTBLOCK", "Interrupted by signal"}},
  {517, {"EPROBE_DEFER", "Driver requests probe retry"}},
  {518, {"EOPENSTALE", "Open found a stale dentry"}},
  {519, {"ENOPARAM", "Parameter not supported"}},
  {521, {"EBADHANDLE", "Illegal NFS file handle"}},
  {524, {"ENOTSUPP", "Operation is not supported"}},
}};

constexpr std::array<const char*, 32> kSignalNames = {
  "", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
  "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
  "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
  "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
};

constexpr std::array kOpenAccess = {N(O_RDONLY), N(O_WRONLY), N(O_RDWR)};
constexpr std::array kOpenFlags = {
  // strace's order (checked against strace 6.1 output). O_SYNC and O_TMPFILE contain O_DSYNC
  // and O_DIRECTORY, so they come before them. O_LARGEFILE is 0 in 64-bit userspace headers;
  // the kernel's value is 0100000.
  N(O_CREAT), N(O_EXCL), N(O_NOCTTY), N(O_TRUNC), N(O_APPEND), N(O_NONBLOCK), N(O_SYNC),
  N(O_DSYNC), N(O_DIRECT), Named{0100000, "O_LARGEFILE"}, N(O_NOFOLLOW), N(O_NOATIME),
  N(O_CLOEXEC), N(O_PATH), N(O_TMPFILE), N(O_DIRECTORY), N(FASYNC),
};
constexpr std::array kAtFlags = {
  N(AT_SYMLINK_NOFOLLOW), N(AT_REMOVEDIR), N(AT_SYMLINK_FOLLOW), N(AT_NO_AUTOMOUNT),
  N(AT_EMPTY_PATH), Named{0x2000, "AT_STATX_FORCE_SYNC"}, Named{0x4000, "AT_STATX_DONT_SYNC"},
  Named{0x8000, "AT_RECURSIVE"}, N(AT_EACCESS),
};
constexpr std::array kAccessModes = {N(R_OK), N(W_OK), N(X_OK)};
constexpr std::array kMmapProt = {
  N(PROT_READ), N(PROT_WRITE), N(PROT_EXEC), Named{0x8, "PROT_SEM"}, N(PROT_GROWSDOWN), N(PROT_GROWSUP),
};
constexpr std::array kMmapType = {
  N(MAP_SHARED), N(MAP_PRIVATE), N(MAP_SHARED_VALIDATE),
};
constexpr std::array kMmapFlags = {
  N(MAP_FIXED), N(MAP_ANONYMOUS), N(MAP_32BIT), N(MAP_GROWSDOWN), N(MAP_DENYWRITE),
  N(MAP_EXECUTABLE), N(MAP_LOCKED), N(MAP_NORESERVE), N(MAP_POPULATE), N(MAP_NONBLOCK),
  N(MAP_STACK), N(MAP_HUGETLB), N(MAP_SYNC), N(MAP_FIXED_NOREPLACE), Named{0x4000000, "MAP_UNINITIALIZED"},
};
constexpr std::array kCloneFlags = {
  N(CLONE_VM), N(CLONE_FS), N(CLONE_FILES), N(CLONE_SIGHAND), N(CLONE_PIDFD), N(CLONE_PTRACE),
  N(CLONE_VFORK), N(CLONE_PARENT), N(CLONE_THREAD), N(CLONE_NEWNS), N(CLONE_SYSVSEM),
  N(CLONE_SETTLS), N(CLONE_PARENT_SETTID), N(CLONE_CHILD_CLEARTID), N(CLONE_DETACHED),
  N(CLONE_UNTRACED), N(CLONE_CHILD_SETTID), N(CLONE_NEWCGROUP), N(CLONE_NEWUTS),
  N(CLONE_NEWIPC), N(CLONE_NEWUSER), N(CLONE_NEWPID), N(CLONE_NEWNET), N(CLONE_IO),
  Named{0x100000000ULL, "CLONE_CLEAR_SIGHAND"}, Named{0x200000000ULL, "CLONE_INTO_CGROUP"},
  Named{0x80, "CLONE_NEWTIME"},
};
constexpr std::array kSocketFamilies = {
  N(AF_UNSPEC), N(AF_UNIX), N(AF_INET), N(AF_AX25), N(AF_IPX), N(AF_APPLETALK), N(AF_NETROM),
  N(AF_BRIDGE), N(AF_ATMPVC), N(AF_X25), N(AF_INET6), N(AF_ROSE), N(AF_DECnet), N(AF_NETBEUI),
  N(AF_SECURITY), N(AF_KEY), N(AF_NETLINK), N(AF_PACKET), N(AF_ASH), N(AF_ECONET),
  N(AF_ATMSVC), N(AF_RDS), N(AF_SNA), N(AF_IRDA), N(AF_PPPOX), N(AF_WANPIPE), N(AF_LLC),
  N(AF_IB), N(AF_MPLS), N(AF_CAN), N(AF_TIPC), N(AF_BLUETOOTH), N(AF_IUCV), N(AF_RXRPC),
  N(AF_ISDN), N(AF_PHONET), N(AF_IEEE802154), N(AF_CAIF), N(AF_ALG), N(AF_NFC), N(AF_VSOCK),
  N(AF_KCM), N(AF_QIPCRTR), N(AF_SMC), N(AF_XDP),
};
constexpr std::array kSocketTypes = {
  N(SOCK_STREAM), N(SOCK_DGRAM), N(SOCK_RAW), N(SOCK_RDM), N(SOCK_SEQPACKET), N(SOCK_DCCP),
  N(SOCK_PACKET),
};
constexpr std::array kSocketTypeFlags = {N(SOCK_CLOEXEC), N(SOCK_NONBLOCK)};
constexpr std::array kFcntlCmds = {
  N(F_DUPFD), N(F_GETFD), N(F_SETFD), N(F_GETFL), N(F_SETFL), N(F_GETLK), N(F_SETLK),
  N(F_SETLKW), N(F_SETOWN), N(F_GETOWN), N(F_SETSIG), N(F_GETSIG), N(F_SETOWN_EX),
  N(F_GETOWN_EX), N(F_OFD_GETLK), N(F_OFD_SETLK), N(F_OFD_SETLKW), N(F_SETLEASE),
  N(F_GETLEASE), N(F_NOTIFY), N(F_DUPFD_CLOEXEC), N(F_SETPIPE_SZ), N(F_GETPIPE_SZ),
  N(F_ADD_SEALS), N(F_GET_SEALS),
};
constexpr std::array kFdFlags = {N(FD_CLOEXEC)};
constexpr std::array kWhence = {N(SEEK_SET), N(SEEK_CUR), N(SEEK_END), N(SEEK_DATA), N(SEEK_HOLE)};
constexpr std::array kRlimitResources = {
  N(RLIMIT_CPU), N(RLIMIT_FSIZE), N(RLIMIT_DATA), N(RLIMIT_STACK), N(RLIMIT_CORE),
  N(RLIMIT_RSS), N(RLIMIT_NPROC), N(RLIMIT_NOFILE), N(RLIMIT_MEMLOCK), N(RLIMIT_AS),
  N(RLIMIT_LOCKS), N(RLIMIT_SIGPENDING), N(RLIMIT_MSGQUEUE), N(RLIMIT_NICE), N(RLIMIT_RTPRIO),
  N(RLIMIT_RTTIME),
};
constexpr std::array kSigprocmaskHow = {N(SIG_BLOCK), N(SIG_UNBLOCK), N(SIG_SETMASK)};
constexpr std::array kSaFlags = {
  N(SA_NOCLDSTOP), N(SA_NOCLDWAIT), N(SA_SIGINFO), Named{0x04000000, "SA_RESTORER"},
  N(SA_ONSTACK), N(SA_RESTART), N(SA_NODEFER), N(SA_RESETHAND),
};
constexpr std::array kWaitOptions = {
  N(WNOHANG), N(WUNTRACED), N(WEXITED), N(WCONTINUED), N(WNOWAIT), Named{0x20000000, "__WNOTHREAD"},
  Named{0x40000000, "__WALL"}, Named{0x80000000, "__WCLONE"},
};
constexpr std::array kFutexOps = {
  N(FUTEX_WAIT), N(FUTEX_WAKE), N(FUTEX_FD), N(FUTEX_REQUEUE), N(FUTEX_CMP_REQUEUE),
  N(FUTEX_WAKE_OP), N(FUTEX_LOCK_PI), N(FUTEX_UNLOCK_PI), N(FUTEX_TRYLOCK_PI),
  N(FUTEX_WAIT_BITSET), N(FUTEX_WAKE_BITSET), N(FUTEX_WAIT_REQUEUE_PI),
  N(FUTEX_CMP_REQUEUE_PI), Named{13, "FUTEX_LOCK_PI2"},
};
constexpr std::array kArchPrctlCodes = {
  N(ARCH_SET_GS), N(ARCH_SET_FS), N(ARCH_GET_FS), N(ARCH_GET_GS), N(ARCH_GET_CPUID),
  N(ARCH_SET_CPUID), Named{0x3001, "ARCH_CET_STATUS"}, Named{0x1021, "ARCH_GET_XCOMP_SUPP"},
  Named{0x1022, "ARCH_GET_XCOMP_PERM"}, Named{0x1023, "ARCH_REQ_XCOMP_PERM"},
  Named{0x5001, "ARCH_SHSTK_ENABLE"}, Named{0x5002, "ARCH_SHSTK_DISABLE"},
  Named{0x5005, "ARCH_SHSTK_STATUS"},
};
constexpr std::array kClockIds = {
  N(CLOCK_REALTIME), N(CLOCK_MONOTONIC), N(CLOCK_PROCESS_CPUTIME_ID), N(CLOCK_THREAD_CPUTIME_ID),
  N(CLOCK_MONOTONIC_RAW), N(CLOCK_REALTIME_COARSE), N(CLOCK_MONOTONIC_COARSE), N(CLOCK_BOOTTIME),
  N(CLOCK_REALTIME_ALARM), N(CLOCK_BOOTTIME_ALARM), N(CLOCK_TAI),
};
constexpr std::array kIoctlRequests = {
  N(TCGETS), N(TCSETS), N(TCSETSW), N(TCSETSF), N(TCGETA), N(TCSETA), N(TCSETAW), N(TCSETAF),
  N(TCSBRK), N(TCXONC), N(TCFLSH), N(TIOCEXCL), N(TIOCNXCL), N(TIOCSCTTY), N(TIOCGPGRP),
  N(TIOCSPGRP), N(TIOCOUTQ), N(TIOCSTI), N(TIOCGWINSZ), N(TIOCSWINSZ), N(TIOCMGET), N(TIOCMBIS),
  N(TIOCMBIC), N(TIOCMSET), N(TIOCGSOFTCAR), N(TIOCSSOFTCAR), N(FIONREAD), N(TIOCLINUX),
  N(TIOCCONS), N(TIOCGSERIAL), N(TIOCSSERIAL), N(TIOCPKT), N(FIONBIO), N(TIOCNOTTY),
  N(TIOCSETD), N(TIOCGETD), N(TCSBRKP), N(TIOCSBRK), N(TIOCCBRK), N(TIOCGSID), Named{0x802c542a, "TCGETS2"},
  Named{0x402c542b, "TCSETS2"}, Named{0x402c542c, "TCSETSW2"}, Named{0x402c542d, "TCSETSF2"}, N(TIOCGPTN), N(TIOCSPTLCK), N(TIOCGDEV), N(TIOCSIG),
  N(TIOCVHANGUP), N(TIOCGPKT), N(TIOCGPTLCK), N(TIOCGEXCL), N(TIOCGPTPEER), N(FIONCLEX),
  N(FIOCLEX), N(FIOASYNC), N(TIOCSERCONFIG), N(TIOCSERGWILD), N(TIOCSERSWILD),
  N(TIOCGLCKTRMIOS), N(TIOCSLCKTRMIOS), N(TIOCSERGSTRUCT), N(TIOCSERGETLSR),
  N(TIOCSERGETMULTI), N(TIOCSERSETMULTI), N(TIOCMIWAIT), N(TIOCGICOUNT), N(FIOQSIZE),
};
constexpr std::array kPrctlOptions = {
  N(PR_SET_PDEATHSIG), N(PR_GET_PDEATHSIG), N(PR_GET_DUMPABLE), N(PR_SET_DUMPABLE),
  N(PR_GET_KEEPCAPS), N(PR_SET_KEEPCAPS), N(PR_SET_NAME), N(PR_GET_NAME), N(PR_GET_SECCOMP),
  N(PR_SET_SECCOMP), N(PR_CAPBSET_READ), N(PR_CAPBSET_DROP), N(PR_GET_SECUREBITS),
  N(PR_SET_SECUREBITS), N(PR_GET_TIMERSLACK), N(PR_SET_TIMERSLACK), N(PR_SET_MM),
  N(PR_SET_CHILD_SUBREAPER), N(PR_GET_CHILD_SUBREAPER), N(PR_SET_NO_NEW_PRIVS),
  N(PR_GET_NO_NEW_PRIVS), N(PR_GET_TID_ADDRESS), N(PR_SET_THP_DISABLE), N(PR_GET_THP_DISABLE),
  N(PR_CAP_AMBIENT), N(PR_SET_VMA), N(PR_SET_PTRACER),
};
constexpr std::array kGrndFlags = {N(GRND_NONBLOCK), N(GRND_RANDOM), Named{4, "GRND_INSECURE"}};
constexpr std::array kMadvise = {
  N(MADV_NORMAL), N(MADV_RANDOM), N(MADV_SEQUENTIAL), N(MADV_WILLNEED), N(MADV_DONTNEED),
  N(MADV_FREE), N(MADV_REMOVE), N(MADV_DONTFORK), N(MADV_DOFORK), N(MADV_MERGEABLE),
  N(MADV_UNMERGEABLE), N(MADV_HUGEPAGE), N(MADV_NOHUGEPAGE), N(MADV_DONTDUMP), N(MADV_DODUMP),
  N(MADV_WIPEONFORK), N(MADV_KEEPONFORK), N(MADV_COLD), N(MADV_PAGEOUT), N(MADV_HWPOISON),
  Named{22, "MADV_POPULATE_READ"}, Named{23, "MADV_POPULATE_WRITE"},
  Named{24, "MADV_DONTNEED_LOCKED"}, Named{25, "MADV_COLLAPSE"}, Named{102, "MADV_GUARD_INSTALL"},
};
constexpr std::array kFadvise = {
  N(POSIX_FADV_NORMAL), N(POSIX_FADV_RANDOM), N(POSIX_FADV_SEQUENTIAL), N(POSIX_FADV_WILLNEED),
  N(POSIX_FADV_DONTNEED), N(POSIX_FADV_NOREUSE),
};
constexpr std::array kMremapFlags = {N(MREMAP_MAYMOVE), N(MREMAP_FIXED), Named{4, "MREMAP_DONTUNMAP"}};
constexpr std::array kEpollCtlOps = {N(EPOLL_CTL_ADD), N(EPOLL_CTL_DEL), N(EPOLL_CTL_MOD)};
constexpr std::array kEpollEvents = {
  N(EPOLLIN), N(EPOLLPRI), N(EPOLLOUT), N(EPOLLERR), N(EPOLLHUP), Named{0x20, "EPOLLNVAL"}, N(EPOLLRDNORM),
  N(EPOLLRDBAND), N(EPOLLWRNORM), N(EPOLLWRBAND), N(EPOLLMSG), N(EPOLLRDHUP), N(EPOLLEXCLUSIVE),
  N(EPOLLWAKEUP), N(EPOLLONESHOT), N(EPOLLET),
};
constexpr std::array kPollEvents = {
  N(POLLIN), N(POLLPRI), N(POLLOUT), N(POLLERR), N(POLLHUP), N(POLLNVAL), N(POLLRDNORM),
  N(POLLRDBAND), N(POLLWRNORM), N(POLLWRBAND), N(POLLMSG), N(POLLRDHUP),
};
constexpr std::array kSocketLevels = {N(SOL_SOCKET), N(SOL_IP), Named{6, "SOL_TCP"}, Named{17, "SOL_UDP"}, N(SOL_IPV6)};
constexpr std::array kSolSocketOptions = {
  N(SO_DEBUG), N(SO_REUSEADDR), N(SO_TYPE), N(SO_ERROR), N(SO_DONTROUTE), N(SO_BROADCAST),
  N(SO_SNDBUF), N(SO_RCVBUF), N(SO_KEEPALIVE), N(SO_OOBINLINE), N(SO_NO_CHECK),
  N(SO_PRIORITY), N(SO_LINGER), N(SO_BSDCOMPAT), N(SO_REUSEPORT), N(SO_PASSCRED),
  N(SO_PEERCRED), N(SO_RCVLOWAT), N(SO_SNDLOWAT), N(SO_BINDTODEVICE), N(SO_TIMESTAMP),
  N(SO_ACCEPTCONN), N(SO_SNDBUFFORCE), N(SO_RCVBUFFORCE), N(SO_PROTOCOL), N(SO_DOMAIN),
};
constexpr std::array kMsgFlags = {
  N(MSG_OOB), N(MSG_PEEK), N(MSG_DONTROUTE), N(MSG_CTRUNC), N(MSG_PROXY), N(MSG_TRUNC),
  N(MSG_DONTWAIT), N(MSG_EOR), N(MSG_WAITALL), N(MSG_FIN), N(MSG_SYN), N(MSG_CONFIRM),
  N(MSG_RST), N(MSG_ERRQUEUE), N(MSG_NOSIGNAL), N(MSG_MORE), N(MSG_WAITFORONE),
  N(MSG_FASTOPEN), N(MSG_CMSG_CLOEXEC),
};
constexpr std::array kShutdownHow = {N(SHUT_RD), N(SHUT_WR), N(SHUT_RDWR)};
constexpr std::array kStatxMask = {
  N(STATX_BASIC_STATS),
  N(STATX_TYPE), N(STATX_MODE), N(STATX_NLINK), N(STATX_UID), N(STATX_GID), N(STATX_ATIME),
  N(STATX_MTIME), N(STATX_CTIME), N(STATX_INO), N(STATX_SIZE), N(STATX_BLOCKS),
  N(STATX_BTIME), Named{0x1000, "STATX_MNT_ID"}, Named{0x2000, "STATX_DIOALIGN"},
};
constexpr std::array kFlockOps = {N(LOCK_SH), N(LOCK_EX), N(LOCK_NB), N(LOCK_UN)};
constexpr std::array kRenameFlags = {Named{1, "RENAME_NOREPLACE"}, Named{2, "RENAME_EXCHANGE"},
                                     Named{4, "RENAME_WHITEOUT"}};
constexpr std::array kUmountFlags = {N(MNT_FORCE), N(MNT_DETACH), N(MNT_EXPIRE), N(UMOUNT_NOFOLLOW)};
constexpr std::array kMsyncFlags = {N(MS_ASYNC), N(MS_INVALIDATE), N(MS_SYNC)};
constexpr std::array kItimerWhich = {N(ITIMER_REAL), N(ITIMER_VIRTUAL), N(ITIMER_PROF)};
constexpr std::array kSchedPolicies = {N(SCHED_OTHER), N(SCHED_FIFO), N(SCHED_RR), N(SCHED_BATCH),
                                       N(SCHED_IDLE), N(SCHED_DEADLINE)};
constexpr std::array kPersonalityTypes = {N(PER_LINUX), N(PER_LINUX32)};
constexpr std::array kSiCodes = {
  N(SI_USER), N(SI_KERNEL), N(SI_QUEUE), N(SI_TIMER), N(SI_MESGQ), N(SI_ASYNCIO), N(SI_SIGIO),
  N(SI_TKILL),
};
constexpr std::array kChldCodes = {N(CLD_EXITED), N(CLD_KILLED), N(CLD_DUMPED), N(CLD_TRAPPED),
                                   N(CLD_STOPPED), N(CLD_CONTINUED)};
constexpr std::array kSegvCodes = {N(SEGV_MAPERR), N(SEGV_ACCERR), Named{3, "SEGV_BNDERR"},
                                   Named{4, "SEGV_PKUERR"}};
// statfs f_type, with strace's names (the first of its xlat for each value).
constexpr std::array kFsMagics = {
    Named{EXT2_SUPER_MAGIC, "EXT2_SUPER_MAGIC"}, N(TMPFS_MAGIC), N(PROC_SUPER_MAGIC),
    Named{0x62656572, "SYSFS_MAGIC"}, N(CGROUP2_SUPER_MAGIC), N(CGROUP_SUPER_MAGIC),
    N(DEVPTS_SUPER_MAGIC), N(BTRFS_SUPER_MAGIC), N(XFS_SUPER_MAGIC), N(OVERLAYFS_SUPER_MAGIC),
    N(NFS_SUPER_MAGIC), N(SQUASHFS_MAGIC), N(DEBUGFS_MAGIC), N(TRACEFS_MAGIC), N(BPF_FS_MAGIC),
    N(SECURITYFS_MAGIC), Named{0x19800202, "MQUEUE_MAGIC"}, N(HUGETLBFS_MAGIC), N(RAMFS_MAGIC),
    N(MSDOS_SUPER_MAGIC), N(ISOFS_SUPER_MAGIC), N(PIPEFS_MAGIC), N(SOCKFS_MAGIC),
    N(ANON_INODE_FS_MAGIC), N(NSFS_MAGIC), N(F2FS_SUPER_MAGIC), N(FUSE_SUPER_MAGIC),
    N(SELINUX_MAGIC), N(EFIVARFS_MAGIC), Named{0x62656570, "CONFIGFS_MAGIC"}, N(PSTOREFS_MAGIC),
    N(BINFMTFS_MAGIC), N(AUTOFS_SUPER_MAGIC), N(DEVMEM_MAGIC), N(V9FS_MAGIC)};
// statfs f_flags (ST_* of statvfs.h, as the kernel's MS_* translation fills them).
constexpr std::array kStatfsFlags = {
    N(ST_RDONLY),     N(ST_NOSUID),     N(ST_NODEV),   N(ST_NOEXEC),     N(ST_SYNCHRONOUS),
    Named{0x20, "ST_VALID"}, N(ST_MANDLOCK), N(ST_NOATIME), N(ST_NODIRATIME), N(ST_RELATIME),
    Named{0x2000, "ST_NOSYMFOLLOW"}};
constexpr std::array kFileTypes = {N(S_IFREG), N(S_IFSOCK), N(S_IFLNK), N(S_IFBLK), N(S_IFDIR),
                                   N(S_IFCHR), N(S_IFIFO)};
constexpr std::array kEventfdFlags = {Named{O_NONBLOCK, "EFD_NONBLOCK"},
                                      Named{O_CLOEXEC, "EFD_CLOEXEC"}, Named{1, "EFD_SEMAPHORE"}};
constexpr std::array kPipeFlags = {N(O_CLOEXEC), N(O_NONBLOCK), N(O_DIRECT)};
constexpr std::array kMemfdFlags = {Named{1, "MFD_CLOEXEC"}, Named{2, "MFD_ALLOW_SEALING"},
                                    Named{4, "MFD_HUGETLB"}, Named{8, "MFD_NOEXEC_SEAL"},
                                    Named{16, "MFD_EXEC"}};
constexpr std::array kInotifyMasks = {
  N(IN_ACCESS), N(IN_MODIFY), N(IN_ATTRIB), N(IN_CLOSE_WRITE), N(IN_CLOSE_NOWRITE), N(IN_OPEN),
  N(IN_MOVED_FROM), N(IN_MOVED_TO), N(IN_CREATE), N(IN_DELETE), N(IN_DELETE_SELF),
  N(IN_MOVE_SELF), N(IN_UNMOUNT), N(IN_Q_OVERFLOW), N(IN_IGNORED), N(IN_ONLYDIR),
  N(IN_DONT_FOLLOW), N(IN_EXCL_UNLINK), N(IN_MASK_ADD), N(IN_ISDIR), N(IN_ONESHOT),
};
constexpr std::array kTimerfdFlags = {Named{O_NONBLOCK, "TFD_NONBLOCK"},
                                      Named{O_CLOEXEC, "TFD_CLOEXEC"}};
constexpr std::array kIpprotos = {N(IPPROTO_IP), N(IPPROTO_ICMP), N(IPPROTO_TCP), N(IPPROTO_UDP),
                                  N(IPPROTO_IPV6), N(IPPROTO_ICMPV6), N(IPPROTO_RAW),
                                  N(IPPROTO_SCTP)};
// clang-format on
#undef N

}  // namespace

std::string_view ErrnoName(int err) {
  if (err > 0 && err < static_cast<int>(kErrnoNames.size())) return kErrnoNames[err];
  for (const auto& [code, texts] : kKernelErrnos) {
    if (code == err) return texts.first;
  }
  return {};
}

std::string ErrnoMessage(int err) {
  for (const auto& [code, texts] : kKernelErrnos) {
    if (code == err) return texts.second;
  }
  char buf[256];
  return strerror_r(err, buf, sizeof(buf));
}

std::string SignalName(int sig) {
  if (sig > 0 && sig < 32) return kSignalNames[sig];
  if (sig == 32) return "SIGRTMIN";
  if (sig > 32 && sig <= 64) return "SIGRT_" + std::to_string(sig - 32);
  return {};
}

int SignalFromName(std::string_view name) {
  std::string upper;
  for (char c : name) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper.rfind("SIG", 0) != 0) upper = "SIG" + upper;
  for (int s = 1; s <= 64; ++s) {
    if (SignalName(s) == upper) return s;
  }
  return 0;
}

std::string FormatFlags(uint64_t value, std::span<const Named> table, const char* zero) {
  if (value == 0) return zero;
  std::string out;
  uint64_t left = value;
  for (const auto& n : table) {
    if (n.value != 0 && (left & n.value) == n.value) {
      if (!out.empty()) out += '|';
      out += n.name;
      left &= ~n.value;
    }
  }
  if (left != 0) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%#llx", static_cast<unsigned long long>(left));
    if (!out.empty()) out += '|';
    out += buf;
  }
  return out;
}

const char* FindName(uint64_t value, std::span<const Named> table) {
  for (const auto& n : table) {
    if (n.value == value) return n.name;
  }
  return nullptr;
}

#define TABLE(Fn, arr) \
  std::span<const Named> Fn() { return arr; }
TABLE(OpenAccessModes, kOpenAccess)
TABLE(OpenFlags, kOpenFlags)
TABLE(AtFlags, kAtFlags)
TABLE(AccessModes, kAccessModes)
TABLE(MmapProt, kMmapProt)
TABLE(MmapFlags, kMmapFlags)
TABLE(MmapType, kMmapType)
TABLE(CloneFlags, kCloneFlags)
TABLE(SocketFamilies, kSocketFamilies)
TABLE(SocketTypes, kSocketTypes)
TABLE(SocketTypeFlags, kSocketTypeFlags)
TABLE(FcntlCmds, kFcntlCmds)
TABLE(FdFlags, kFdFlags)
TABLE(Whence, kWhence)
TABLE(RlimitResources, kRlimitResources)
TABLE(SigprocmaskHow, kSigprocmaskHow)
TABLE(SaFlags, kSaFlags)
TABLE(WaitOptions, kWaitOptions)
TABLE(FutexOps, kFutexOps)
TABLE(ArchPrctlCodes, kArchPrctlCodes)
TABLE(ClockIds, kClockIds)
TABLE(IoctlRequests, kIoctlRequests)
TABLE(PrctlOptions, kPrctlOptions)
TABLE(GrndFlags, kGrndFlags)
TABLE(MadviseAdvice, kMadvise)
TABLE(FadviseAdvice, kFadvise)
TABLE(MremapFlags, kMremapFlags)
TABLE(EpollCtlOps, kEpollCtlOps)
TABLE(EpollEvents, kEpollEvents)
TABLE(PollEvents, kPollEvents)
TABLE(SocketLevels, kSocketLevels)
TABLE(SolSocketOptions, kSolSocketOptions)
TABLE(MsgFlags, kMsgFlags)
TABLE(ShutdownHow, kShutdownHow)
TABLE(StatxMask, kStatxMask)
TABLE(FlockOps, kFlockOps)
TABLE(RenameFlags, kRenameFlags)
TABLE(UmountFlags, kUmountFlags)
TABLE(MsyncFlags, kMsyncFlags)
TABLE(ItimerWhich, kItimerWhich)
TABLE(SchedPolicies, kSchedPolicies)
TABLE(PersonalityTypes, kPersonalityTypes)
TABLE(SiCodes, kSiCodes)
TABLE(ChldCodes, kChldCodes)
TABLE(SegvCodes, kSegvCodes)
TABLE(FileTypes, kFileTypes)
TABLE(FsMagics, kFsMagics)
TABLE(StatfsFlags, kStatfsFlags)
TABLE(EventfdFlags, kEventfdFlags)
TABLE(PipeFlags, kPipeFlags)
TABLE(MemfdFlags, kMemfdFlags)
TABLE(InotifyMasks, kInotifyMasks)
TABLE(TimerfdFlags, kTimerfdFlags)
TABLE(Ipprotos, kIpprotos)
#undef TABLE

}  // namespace syscage::trace::decode
