/* main.c - the fzlint command line (placeholder until the core lands). */
#include <stdio.h>

#include "fzlint.h"

int main(void) {
    printf("fzlint %s\n", FZLINT_VERSION);
    return 0;
}
