/* cpis-csv.h: the CSV files of plan uploads and demographics (read by the
 * hub's import and by the client core), and reports written back */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* No row of a file may take more bytes than this */
#define CPIS_CSV_MAX_LINE_BYTES (64 * 1024)

#define CPIS_CSV_ERROR (cpis_csv_error_quark ())

typedef enum
{
  CPIS_CSV_ERROR_BAD_FILE,       /* not CSV, or the wrong header */
  CPIS_CSV_ERROR_NOT_UTF8,       /* a line that is not UTF-8 text */
  CPIS_CSV_ERROR_LINE_TOO_LONG,  /* a row longer than CPIS_CSV_MAX_LINE_BYTES */
} CpisCsvError;

GQuark     cpis_csv_error_quark (void);

typedef struct
{
  guint      line;    /* 1-based line on which the row starts */
  GPtrArray *fields;  /* char * */
} CpisCsvRow;

void       cpis_csv_row_free    (CpisCsvRow         *row);

/* Checks that @csv (@length bytes, or -1 up to its NUL; NULL reads as empty)
 * is UTF-8, parses it, and checks its first row against the @n_header names
 * of @header, which may be followed by any of the @n_optional names of
 * @optional in any order (@optional_columns, n_optional long, gets their
 * columns or -1). Returns the rows after the header (CpisCsvRow), or NULL
 * with a CPIS_CSV_ERROR naming the line: NOT_UTF8, LINE_TOO_LONG, or
 * BAD_FILE (a quoted field left open, text after a closing quote, no header
 * or the wrong one). */
GPtrArray *cpis_csv_read        (const char         *csv,
                                 gsize               length,
                                 const char * const *header,
                                 guint               n_header,
                                 const char * const *optional,
                                 guint               n_optional,
                                 int                *optional_columns,
                                 GError            **error);

/* Appends one row of @n_cells cells (NULL writes an empty cell) to @out,
 * ended by CRLF: each cell quoted, its quotes doubled, and one a spreadsheet
 * would run as a formula (beginning with =, +, -, @, a tab or a carriage
 * return) prefixed with a single quote. */
void       cpis_csv_append_row  (GString            *out,
                                 const char * const *cells,
                                 guint               n_cells);

G_END_DECLS
