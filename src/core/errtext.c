/*
 * errtext.c - the text of an errno value, for the errors an early-boot
 * program meets (files, mounts, sockets, NFS, keys), in the C library's
 * usual wording.  netboot's static build takes strerror() from here
 * (sys/strerror.c): klibc's own table holds every errno there is and
 * costs 4 KiB of a binary that must stay small.  Pure.
 */
#include <errno.h>
#include <stdio.h>

#include "errtext.h"

#define ERRTEXT_LIST \
	X(EPERM, "Operation not permitted") \
	X(ENOENT, "No such file or directory") \
	X(ESRCH, "No such process") \
	X(EINTR, "Interrupted system call") \
	X(EIO, "Input/output error") \
	X(ENXIO, "No such device or address") \
	X(E2BIG, "Argument list too long") \
	X(ENOEXEC, "Exec format error") \
	X(EBADF, "Bad file descriptor") \
	X(ECHILD, "No child processes") \
	X(EAGAIN, "Resource temporarily unavailable") \
	X(ENOMEM, "Cannot allocate memory") \
	X(EACCES, "Permission denied") \
	X(EFAULT, "Bad address") \
	X(ENOTBLK, "Block device required") \
	X(EBUSY, "Device or resource busy") \
	X(EEXIST, "File exists") \
	X(EXDEV, "Invalid cross-device link") \
	X(ENODEV, "No such device") \
	X(ENOTDIR, "Not a directory") \
	X(EISDIR, "Is a directory") \
	X(EINVAL, "Invalid argument") \
	X(ENFILE, "Too many open files in system") \
	X(EMFILE, "Too many open files") \
	X(ENOTTY, "Inappropriate ioctl for device") \
	X(ETXTBSY, "Text file busy") \
	X(EFBIG, "File too large") \
	X(ENOSPC, "No space left on device") \
	X(ESPIPE, "Illegal seek") \
	X(EROFS, "Read-only file system") \
	X(EMLINK, "Too many links") \
	X(EPIPE, "Broken pipe") \
	X(ERANGE, "Numerical result out of range") \
	X(ENAMETOOLONG, "File name too long") \
	X(ENOSYS, "Function not implemented") \
	X(ENOTEMPTY, "Directory not empty") \
	X(ELOOP, "Too many levels of symbolic links") \
	X(ENODATA, "No data available") \
	X(ETIME, "Timer expired") \
	X(EPROTO, "Protocol error") \
	X(EBADMSG, "Bad message") \
	X(EOVERFLOW, "Value too large for defined data type") \
	X(ENOTSOCK, "Socket operation on non-socket") \
	X(EMSGSIZE, "Message too long") \
	X(ENOPROTOOPT, "Protocol not available") \
	X(EPROTONOSUPPORT, "Protocol not supported") \
	X(EOPNOTSUPP, "Operation not supported") \
	X(EAFNOSUPPORT, "Address family not supported by protocol") \
	X(EADDRINUSE, "Address already in use") \
	X(EADDRNOTAVAIL, "Cannot assign requested address") \
	X(ENETDOWN, "Network is down") \
	X(ENETUNREACH, "Network is unreachable") \
	X(ECONNABORTED, "Software caused connection abort") \
	X(ECONNRESET, "Connection reset by peer") \
	X(ENOBUFS, "No buffer space available") \
	X(ENOTCONN, "Transport endpoint is not connected") \
	X(ETIMEDOUT, "Connection timed out") \
	X(ECONNREFUSED, "Connection refused") \
	X(EHOSTDOWN, "Host is down") \
	X(EHOSTUNREACH, "No route to host") \
	X(EALREADY, "Operation already in progress") \
	X(EINPROGRESS, "Operation now in progress") \
	X(ESTALE, "Stale file handle") \
	X(EREMOTEIO, "Remote I/O error") \
	X(EDQUOT, "Disk quota exceeded") \
	X(ENOMEDIUM, "No medium found") \
	X(EMEDIUMTYPE, "Wrong medium type") \
	X(ECANCELED, "Operation canceled") \
	X(ENOKEY, "Required key not available") \
	X(EKEYEXPIRED, "Key has expired") \
	X(EKEYREVOKED, "Key has been revoked") \
	X(EKEYREJECTED, "Key was rejected by service")
#define X(e, s) e,
static const unsigned char codes[] = { ERRTEXT_LIST };
#undef X
#define X(e, s) s "\0"
static const char texts[] = ERRTEXT_LIST;
#undef X

const char *errtext(int e)
{
	static char unknown[32];
	const char *s = texts;

	for (size_t i = 0; i < sizeof(codes); i++) {
		if (codes[i] == e)
			return s;
		while (*s)
			s++;
		s++;
	}
	snprintf(unknown, sizeof(unknown), "Unknown error %d", e);
	return unknown;
}
