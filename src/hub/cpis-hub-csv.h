/* cpis-hub-csv.h: the CSV files the hub imports */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint      line;    /* 1-based line on which the row starts */
  GPtrArray *fields;  /* char * */
} CpisHubCsvRow;

void       cpis_hub_csv_row_free (CpisHubCsvRow      *row);

/* Checks that @csv (@length bytes, or -1 up to its NUL; NULL reads as empty)
 * is UTF-8, parses it, and checks its first row against the @n_header names
 * of @header, which may be followed by any of the @n_optional names of
 * @optional in any order (@optional_columns, n_optional long, gets their
 * columns or -1). Returns the rows after the header (CpisHubCsvRow), or
 * NULL with a CPIS_HUB_IMPORT_ERROR_BAD_FILE naming the line. */
GPtrArray *cpis_hub_csv_read     (const char         *csv,
                                  gsize               length,
                                  const char * const *header,
                                  guint               n_header,
                                  const char * const *optional,
                                  guint               n_optional,
                                  int                *optional_columns,
                                  GError            **error);

G_END_DECLS
