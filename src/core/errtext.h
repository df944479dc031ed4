/*
 * errtext.h - the text of an errno value (see errtext.c).  Pure.
 */
#ifndef NETBOOT_ERRTEXT_H
#define NETBOOT_ERRTEXT_H

/* The text for errno e, or "Unknown error N" (in a static buffer, valid
 * until the next call) for a value the table does not hold. */
const char *errtext(int e);

#endif
