/* emit.c - the list of output formats and helpers the emitters share. */
#include "emit.h"

#include <string.h>

static const fz_emitter *const EMITTERS[] = {&fz_emitter_gcc, &fz_emitter_outline, &fz_emitter_html,
                                             &fz_emitter_facts_json, &fz_emitter_facts_csv};

const fz_emitter *fz_emitter_find(const char *name) {
    for (size_t i = 0; i < sizeof EMITTERS / sizeof *EMITTERS; i++)
        if (strcmp(EMITTERS[i]->name, name) == 0) return EMITTERS[i];
    return NULL;
}

const char *fz_emitter_names(void) {
    static char names[256];
    if (!names[0])
        for (size_t i = 0; i < sizeof EMITTERS / sizeof *EMITTERS; i++) {
            if (i) strncat(names, ", ", sizeof names - strlen(names) - 1);
            strncat(names, EMITTERS[i]->name, sizeof names - strlen(names) - 1);
        }
    return names;
}

void fz_emit_position(const fz_report *r, size_t off, fz_colunit unit, size_t *line, size_t *col) {
    if (r->text.nlines == 0) {
        *line = *col = 1;
        return;
    }
    *line = fz_text_line_of(&r->text, off) + 1;
    *col = fz_text_column(&r->text, off, unit);
}

void fz_emit_json_string(fz_buf *out, const char *s, size_t len) {
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"':
            fz_buf_puts(out, "\\\"");
            break;
        case '\\':
            fz_buf_puts(out, "\\\\");
            break;
        case '\n':
            fz_buf_puts(out, "\\n");
            break;
        case '\r':
            fz_buf_puts(out, "\\r");
            break;
        case '\t':
            fz_buf_puts(out, "\\t");
            break;
        default:
            if (c < 0x20)
                fz_buf_printf(out, "\\u%04x", c);
            else
                fz_buf_putc(out, (char)c);
        }
    }
}
