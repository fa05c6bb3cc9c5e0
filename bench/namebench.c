/* PLACEHOLDER: the name-matching benchmark is being written. */
#include <stdio.h>
int main(void) { fputs("namebench: not yet written\n", stderr); return 1; }
