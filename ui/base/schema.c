/* ui/base/schema.c: the names of the run files' columns and keys (ui/base/schema.h). */
#include "ui/base/schema.h"

const char *const ui_col_names[UI_NCOLS] = {
#define UI_COL_NAME(e, name, kind, recipe) [UI_COL_##e] = name,
    UI_RUN_COLUMNS(UI_COL_NAME)
#undef UI_COL_NAME
};

const enum ui_col_kind ui_col_kinds[UI_NCOLS] = {
#define UI_COL_KIND(e, name, kind, recipe) [UI_COL_##e] = kind,
    UI_RUN_COLUMNS(UI_COL_KIND)
#undef UI_COL_KIND
};

const char *const ui_svc_col_suffixes[UI_NSVC_COLS] = {
#define UI_SC_NAME(e, suffix, kind, recipe) [UI_SC_##e] = suffix,
    UI_SVC_COLUMNS(UI_SC_NAME)
#undef UI_SC_NAME
};

const enum ui_col_kind ui_svc_col_kinds[UI_NSVC_COLS] = {
#define UI_SC_KIND(e, suffix, kind, recipe) [UI_SC_##e] = kind,
    UI_SVC_COLUMNS(UI_SC_KIND)
#undef UI_SC_KIND
};

const char *const ui_json_keys[UI_NJSON_KEYS] = {
#define UI_JK_NAME(e, key) [UI_JK_##e] = key,
    UI_JSON_KEYS(UI_JK_NAME)
#undef UI_JK_NAME
};

int ui_csv_field_col(int i)
{
    if (i == UI_CSV_VARIANT_FIELD)
        return -1;
    return i < UI_CSV_VARIANT_FIELD ? i : i - 1;
}

const char *ui_csv_field_name(int i)
{
    int c = ui_csv_field_col(i);
    return c < 0 ? UI_CSV_VARIANT_NAME : ui_col_names[c];
}

int ui_csv_header_write(FILE *f)
{
    return ui_csv_header_write_services(f, NULL, 0);
}

int ui_csv_header_write_services(FILE *f, const char *const *names, int nsvc)
{
    for (int i = 0; i < UI_CSV_NFIELDS; i++)
        if ((i && fputc(',', f) == EOF) || fputs(ui_csv_field_name(i), f) == EOF)
            return EOF;
    for (int k = 0; nsvc >= 2 && k < nsvc; k++)
        for (int c = 0; c < UI_NSVC_COLS; c++)
            if (fprintf(f, ",%s_%s", names[k], ui_svc_col_suffixes[c]) < 0)
                return EOF;
    return fputc('\n', f);
}
