/* fuzz.h — what the harnesses share: a failure that libFuzzer keeps. */
#ifndef NS_FUZZ_H
#define NS_FUZZ_H

#include <stdio.h>
#include <stdlib.h>

/* A property broke: say which, and abort (libFuzzer saves the input as a
 * crash-* artifact and minimizes it with -minimize_crash=1). */
#define FUZZ_CHECK(cond, ...)                                                 \
	do {                                                                  \
		if (!(cond)) {                                                \
			fprintf(stderr, "\nFUZZ CHECK FAILED %s:%d: %s\n  ",  \
			        __FILE__, __LINE__, #cond);                   \
			fprintf(stderr, __VA_ARGS__);                         \
			fprintf(stderr, "\n");                                \
			abort();                                              \
		}                                                             \
	} while (0)

#endif
