/*
 * maint.h - lexindex's maintenance commands: --check, --compact, --stats.
 *
 * Each returns the process exit status (see lexindex(1)) and prints its
 * own report and errors.
 */
#ifndef LEX_MAINT_H
#define LEX_MAINT_H

/* Verifies the index; 0 when sound, 3 when damaged or unreadable. */
int maint_check(const char *index_dir);

/* Compacts the index into a new generation; 75 if it is locked. */
int maint_compact(const char *index_dir, unsigned wait_seconds);

/* Prints items, bulletins, date span, size and the last run. */
int maint_stats(const char *index_dir);

#endif
