/* What the doctor's files share: reading the host's small files through the test hooks
 * (GEM5WB_PROC, GEM5WB_SYS) and starting a check line. */
#ifndef GW_DOCTOR_IMPL_H
#define GW_DOCTOR_IMPL_H

#include "core/workflow/doctor.h"

#include <stddef.h>

/* "<$env or dflt>/<rel>" into buf. */
void doctor_host_path(const char *env, const char *dflt, const char *rel, char *buf, size_t cap);
/* Up to cap-1 bytes of a file, NUL-terminated; -1 (errno set) when it cannot be read. */
int doctor_read_text(const char *path, char *buf, size_t cap);
/* Clears out and sets its id and title; status OK. */
void doctor_check_init(struct doctor_check *out, const char *id, const char *title);

#endif
