/* cpis-csv.c: the CSV files of plan uploads and demographics, read by the
 * hub's import and by the client core alike, and the reports written back
 *
 * The CSV dialect (RFC 4180, tolerantly): fields separated by commas; a field
 * may be quoted with '"', a quote inside written '""', and a quoted field may
 * hold commas and line breaks; rows end with CRLF, LF or a lone CR; the last
 * row's line break is optional; a UTF-8 byte order mark is skipped; spaces and
 * tabs around a field are dropped; blank lines are ignored. The file must be
 * UTF-8 and its first row the exact header (names compared case-insensitively).
 * No row may take more than CPIS_CSV_MAX_LINE_BYTES: a line that long is no
 * record, and would only make a reader hold it.
 *
 * Writing (cpis_csv_append_row): every cell quoted, a quote doubled, and a
 * cell that a spreadsheet would take for a formula — one beginning with =,
 * +, -, @, a tab or a carriage return — prefixed with a single quote, as
 * OWASP advises against CSV injection, so that a report opened in a
 * spreadsheet shows what was uploaded and runs nothing.
 */
#include "cpis-csv.h"

#include <string.h>

G_DEFINE_QUARK (cpis-csv-error-quark, cpis_csv_error)

static inline gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

/* Drops spaces and tabs at the end of @str */
static void
string_trim_end (GString *str)
{
  while (str->len > 0 && is_blank (str->str[str->len - 1]))
    g_string_truncate (str, str->len - 1);
}

/* Where csv_parse is in the data */
typedef struct
{
  const char *p;
  const char *end;
  guint       line;   /* 1-based line of p */
} CsvReader;

static void
skip_blanks (CsvReader *reader)
{
  while (reader->p < reader->end && is_blank (*reader->p))
    reader->p++;
}

/* A comma, a line break or the end: where a field stops */
static gboolean
at_field_end (CsvReader *reader)
{
  return reader->p >= reader->end ||
       *reader->p == ',' || *reader->p == '\r' || *reader->p == '\n';
}

/* From the opening quote to the closing one, into @field: "" is one quote,
 * and line breaks are kept (and counted). Then only blanks may come before
 * the field ends. */
static gboolean
read_quoted_field (CsvReader  *reader,
                   GString    *field,
                   GError    **error)
{
  guint field_line = reader->line;

  for (reader->p++; reader->p < reader->end; reader->p++)
    {
      const char *p = reader->p;

      if (*p == '"' && p + 1 < reader->end && p[1] == '"')
        {
          g_string_append_c (field, '"');
          reader->p++;
          continue;
        }
      if (*p == '"')
        break;

      if (*p == '\n' || (*p == '\r' && (p + 1 >= reader->end || p[1] != '\n')))
        reader->line++;
      g_string_append_c (field, *p);
    }

  if (reader->p >= reader->end)
    {
      g_set_error (error, CPIS_CSV_ERROR, CPIS_CSV_ERROR_BAD_FILE,
                   "Line %u: a quoted field is never closed", field_line);
      return FALSE;
    }

  reader->p++;  /* the closing quote */
  skip_blanks (reader);
  if (!at_field_end (reader))
    {
      g_set_error (error, CPIS_CSV_ERROR, CPIS_CSV_ERROR_BAD_FILE,
                   "Line %u: unexpected text after a quoted field", reader->line);
      return FALSE;
    }

  return TRUE;
}

/* One field, without the blanks around it; @quoted says whether it was */
static char *
read_field (CsvReader  *reader,
            gboolean   *quoted,
            GError    **error)
{
  g_autoptr(GString) field = g_string_new (NULL);

  skip_blanks (reader);
  *quoted = reader->p < reader->end && *reader->p == '"';

  if (*quoted)
    {
      if (!read_quoted_field (reader, field, error))
        return NULL;
    }
  else
    {
      for (; !at_field_end (reader); reader->p++)
        g_string_append_c (field, *reader->p);
      string_trim_end (field);
    }

  return g_string_free (g_steal_pointer (&field), FALSE);
}

/* Steps over what ended a field; TRUE if it also ended the row */
static gboolean
read_field_end (CsvReader *reader)
{
  if (reader->p >= reader->end)
    return TRUE;

  if (*reader->p == ',')
    {
      reader->p++;
      return FALSE;
    }

  /* CRLF, LF or a lone CR */
  if (*reader->p == '\r' && reader->p + 1 < reader->end && reader->p[1] == '\n')
    reader->p++;
  reader->p++;
  reader->line++;
  return TRUE;
}

/* The fields of one row (char *); @blank says it was a blank line */
static GPtrArray *
read_row (CsvReader  *reader,
          gboolean   *blank,
          GError    **error)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  gboolean any_quoted = FALSE;

  do
    {
      gboolean quoted;
      char *text = read_field (reader, &quoted, error);

      if (text == NULL)
        return NULL;
      g_ptr_array_add (fields, text);
      any_quoted = any_quoted || quoted;
    }
  while (!read_field_end (reader));

  *blank = fields->len == 1 && !any_quoted && *(const char *) g_ptr_array_index (fields, 0) == '\0';
  return g_steal_pointer (&fields);
}

/* Parses @data (already checked to be UTF-8) into rows (CpisCsvRow). Blank lines
 * are skipped. Fails only on a quoted field that is never closed, or on
 * something other than a separator after a closing quote. */
static GPtrArray *
csv_parse (const char  *data,
           gsize        length,
           GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  CsvReader reader = { .p = data, .end = data + length, .line = 1 };

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    reader.p += 3;

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) cpis_csv_row_free);
  while (reader.p < reader.end)
    {
      guint line = reader.line;
      const char *row_start = reader.p;
      gboolean blank = FALSE;
      g_autoptr(GPtrArray) fields = read_row (&reader, &blank, error);
      CpisCsvRow *row;

      if (fields == NULL)
        return NULL;
      if ((gsize) (reader.p - row_start) > CPIS_CSV_MAX_LINE_BYTES)
        {
          g_set_error (error, CPIS_CSV_ERROR, CPIS_CSV_ERROR_LINE_TOO_LONG,
                       "Line %u is longer than %u KiB: it cannot be a record", line,
                       CPIS_CSV_MAX_LINE_BYTES / 1024);
          return NULL;
        }
      if (blank)
        continue;

      row = g_new0 (CpisCsvRow, 1);
      row->line = line;
      row->fields = g_steal_pointer (&fields);
      g_ptr_array_add (rows, row);
    }

  return g_steal_pointer (&rows);
}

/* Which of @optional the header names after its first @n_header columns:
 * @columns[i] is the column of @optional[i], or -1. FALSE if a name is
 * unknown or repeated. */
static gboolean
match_optional_columns (GPtrArray          *names,
                        guint               n_header,
                        const char * const *optional,
                        guint               n_optional,
                        int                *columns)
{
  for (guint i = 0; i < n_optional; i++)
    columns[i] = -1;

  for (guint column = n_header; column < names->len; column++)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < n_optional && !known; i++)
        {
          if (g_ascii_strcasecmp (g_ptr_array_index (names, column), optional[i]) == 0)
            {
              if (columns[i] >= 0)
                return FALSE;
              columns[i] = column;
              known = TRUE;
            }
        }
      if (!known)
        return FALSE;
    }

  return TRUE;
}

/* The first @n of @names joined by @separator (the arrays have no NULL at
 * the end, which g_strjoinv would need) */
static char *
join_names (const char * const *names,
            guint               n,
            const char         *separator)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (text, separator);
      g_string_append (text, names[i]);
    }
  return g_string_free (text, FALSE);
}

/* Public API */

void
cpis_csv_row_free (CpisCsvRow *row)
{
  g_clear_pointer (&row->fields, g_ptr_array_unref);
  g_free (row);
}

GPtrArray *
cpis_csv_read (const char          *csv,
               gsize                length,
               const char * const  *header,
               guint                n_header,
               const char * const  *optional,
               guint                n_optional,
               int                 *optional_columns,
               GError             **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *expected = NULL;
  CpisCsvRow *first;
  const char *invalid = NULL;
  gboolean matches;

  g_return_val_if_fail (header != NULL && n_header > 0, NULL);
  g_return_val_if_fail (optional != NULL || n_optional == 0, NULL);
  g_return_val_if_fail (optional_columns != NULL || n_optional == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (csv == NULL)
    csv = "";
  if (length == (gsize) -1)
    length = strlen (csv);

  if (!g_utf8_validate_len (csv, length, &invalid))
    {
      guint line = 1;

      for (const char *p = csv; p < invalid; p++)
        if (*p == '\n' || (*p == '\r' && (p + 1 >= invalid || p[1] != '\n')))
          line++;
      g_set_error (error, CPIS_CSV_ERROR, CPIS_CSV_ERROR_NOT_UTF8,
                   "Line %u is not UTF-8 text: the file must be saved as UTF-8", line);
      return NULL;
    }

  rows = csv_parse (csv, length, error);
  if (rows == NULL)
    return NULL;

  {
    g_autofree char *required = join_names (header, n_header, ",");
    g_autofree char *extra = n_optional > 0 ? join_names (optional, n_optional, " and ") : NULL;

    if (extra != NULL)
      expected = g_strdup_printf ("“%s”, then if wanted %s in any order", required, extra);
    else
      expected = g_strdup_printf ("“%s”", required);
  }

  if (rows->len == 0)
    {
      g_set_error (error, CPIS_CSV_ERROR, CPIS_CSV_ERROR_BAD_FILE,
                   "The file is empty: the first line must be the header %s", expected);
      return NULL;
    }

  first = g_ptr_array_index (rows, 0);
  matches = first->fields->len >= n_header && first->fields->len <= n_header + n_optional;
  for (guint i = 0; matches && i < n_header; i++)
    matches = g_ascii_strcasecmp (g_ptr_array_index (first->fields, i), header[i]) == 0;
  if (matches)
    matches = match_optional_columns (first->fields, n_header, optional, n_optional,
                                      optional_columns);

  if (!matches)
    {
      g_set_error (error, CPIS_CSV_ERROR, CPIS_CSV_ERROR_BAD_FILE,
                   "Line %u: the header must be %s", first->line, expected);
      return NULL;
    }

  g_ptr_array_remove_index (rows, 0);
  return g_steal_pointer (&rows);
}

/* Whether a spreadsheet would take @text for a formula (OWASP, "CSV
 * Injection") */
static gboolean
is_formula_like (const char *text)
{
  return text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;
}

void
cpis_csv_append_row (GString            *out,
                     const char * const *cells,
                     guint               n_cells)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (cells != NULL || n_cells == 0);

  for (guint i = 0; i < n_cells; i++)
    {
      const char *text = cells[i] != NULL ? cells[i] : "";

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '"');
      if (is_formula_like (text))
        g_string_append_c (out, '\'');
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  g_string_append (out, "\r\n");
}
