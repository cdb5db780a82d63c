/* cpis-plan-upload.c: an LA's upload file read, and the report of its upload
 *
 * The file is read by cpis-csv.c, as `cpis-hub import plans` reads it, so
 * that a file the client takes is one the hub's import would take, and a
 * row it rejects without sending is one the import rejects with the same
 * code (CPR07, the wrong number of fields).
 */
#include "cpis-plan-upload-private.h"

#include <string.h>

#include "cpis-csv.h"
#include "cpis-fhir-codec.h"

#define MAX_FILE_BYTES (64 * 1024 * 1024)

static const char * const plan_header[] = {
  "nhs_number", "family_name", "given_name", "date_of_birth", "plan_type",
  "start_date", "end_date", "due_date", "la_ods_code",
};

#define N_PLAN_FIELDS G_N_ELEMENTS (plan_header)

typedef struct
{
  CpisPlanUploadRowState  state;
  char                   *code;
  char                   *detail;
  char                   *plan_id;
} Row;

struct _CpisPlanUploadReport
{
  GObject    parent_instance;

  GPtrArray *records;     /* CpisPlanRecord */
  Row       *rows;        /* one per record */
  gboolean   complete;
  char      *file_code;
  GError    *stop_error;
};

G_DEFINE_FINAL_TYPE (CpisPlanUploadReport, cpis_plan_upload_report, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (CpisPlanUploadRowState, cpis_plan_upload_row_state,
                    G_DEFINE_ENUM_VALUE (CPIS_PLAN_UPLOAD_ROW_UPLOADED, "uploaded"),
                    G_DEFINE_ENUM_VALUE (CPIS_PLAN_UPLOAD_ROW_REJECTED, "rejected"),
                    G_DEFINE_ENUM_VALUE (CPIS_PLAN_UPLOAD_ROW_UNKNOWN, "unknown"),
                    G_DEFINE_ENUM_VALUE (CPIS_PLAN_UPLOAD_ROW_NOT_SENT, "not-sent"))

enum {
  PROP_0,
  PROP_N_ROWS,
  PROP_N_UPLOADED,
  PROP_N_REJECTED,
  PROP_N_UNKNOWN,
  PROP_N_NOT_SENT,
  PROP_COMPLETE,
  PROP_FILE_CODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers ---------------------------------------------------------------- */

static guint
count_state (CpisPlanUploadReport   *self,
             CpisPlanUploadRowState  state)
{
  guint n = 0;

  for (guint i = 0; i < self->records->len; i++)
    n += self->rows[i].state == state;

  return n;
}

/* A trimmed copy of a field; NULL for an empty one */
static char *
field_or_null (CpisCsvRow *row,
               guint       index)
{
  g_autofree char *text = NULL;

  if (index >= row->fields->len)
    return NULL;

  text = g_strstrip (g_strdup (g_ptr_array_index (row->fields, index)));
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static CpisPlanRecord *
record_from_row (CpisCsvRow *row)
{
  g_autofree char *error = NULL;
  char *fields[N_PLAN_FIELDS] = { NULL };
  CpisPlanRecord *record;

  if (row->fields->len != N_PLAN_FIELDS)
    error = g_strdup_printf ("Wrong number of fields: expected %u, found %u",
                             (guint) N_PLAN_FIELDS, row->fields->len);

  for (guint i = 0; i < N_PLAN_FIELDS; i++)
    {
      fields[i] = field_or_null (row, i);
      /* the hub refuses a batch holding one (it is no name, date or code),
       * and with it the other records of the chunk: not sent */
      if (error == NULL && fields[i] != NULL && strlen (fields[i]) > CPIS_FHIR_MAX_UPLOAD_VALUE)
        error = g_strdup_printf ("The %s is longer than %d characters", plan_header[i],
                                 CPIS_FHIR_MAX_UPLOAD_VALUE);
    }

  record = g_object_new (CPIS_TYPE_PLAN_RECORD,
                         "line", row->line,
                         "nhs-number", fields[0],
                         "family-name", fields[1],
                         "given-name", fields[2],
                         "birth-date", fields[3],
                         "plan-type", fields[4],
                         "start-date", fields[5],
                         "end-date", fields[6],
                         "due-date", fields[7],
                         "la-ods-code", fields[8],
                         "error", error,
                         NULL);

  for (guint i = 0; i < N_PLAN_FIELDS; i++)
    g_free (fields[i]);
  return record;
}

/* Overrides -------------------------------------------------------------- */

static void
cpis_plan_upload_report_finalize (GObject *object)
{
  CpisPlanUploadReport *self = CPIS_PLAN_UPLOAD_REPORT (object);

  for (guint i = 0; self->rows != NULL && i < self->records->len; i++)
    {
      g_free (self->rows[i].code);
      g_free (self->rows[i].detail);
      g_free (self->rows[i].plan_id);
    }
  g_free (self->rows);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_free (self->file_code);
  g_clear_error (&self->stop_error);

  G_OBJECT_CLASS (cpis_plan_upload_report_parent_class)->finalize (object);
}

static void
cpis_plan_upload_report_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  CpisPlanUploadReport *self = CPIS_PLAN_UPLOAD_REPORT (object);

  switch (prop_id)
    {
    case PROP_N_ROWS:
      g_value_set_uint (value, cpis_plan_upload_report_get_n_rows (self));
      break;
    case PROP_N_UPLOADED:
      g_value_set_uint (value, cpis_plan_upload_report_get_n_uploaded (self));
      break;
    case PROP_N_REJECTED:
      g_value_set_uint (value, cpis_plan_upload_report_get_n_rejected (self));
      break;
    case PROP_N_UNKNOWN:
      g_value_set_uint (value, cpis_plan_upload_report_get_n_unknown (self));
      break;
    case PROP_N_NOT_SENT:
      g_value_set_uint (value, cpis_plan_upload_report_get_n_not_sent (self));
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, self->complete);
      break;
    case PROP_FILE_CODE:
      g_value_set_string (value, self->file_code);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_plan_upload_report_class_init (CpisPlanUploadReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = cpis_plan_upload_report_finalize;
  object_class->get_property = cpis_plan_upload_report_get_property;

  properties[PROP_N_ROWS] = g_param_spec_uint ("n-rows", NULL, "The records given", 0, G_MAXUINT,
                                               0, flags);
  properties[PROP_N_UPLOADED] = g_param_spec_uint ("n-uploaded", NULL, "Rows uploaded", 0,
                                                   G_MAXUINT, 0, flags);
  properties[PROP_N_REJECTED] = g_param_spec_uint ("n-rejected", NULL, "Rows rejected", 0,
                                                   G_MAXUINT, 0, flags);
  properties[PROP_N_UNKNOWN] = g_param_spec_uint ("n-unknown", NULL,
                                                  "Rows sent without an answer", 0, G_MAXUINT, 0,
                                                  flags);
  properties[PROP_N_NOT_SENT] = g_param_spec_uint ("n-not-sent", NULL, "Rows never sent", 0,
                                                   G_MAXUINT, 0, flags);
  properties[PROP_COMPLETE] = g_param_spec_boolean ("complete", NULL,
                                                    "Every row has the hub's answer", FALSE,
                                                    flags);
  properties[PROP_FILE_CODE] = g_param_spec_string ("file-code", NULL,
                                                    "CPF02, CPF03 or CPF04 once complete", NULL,
                                                    flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cpis_plan_upload_report_init (CpisPlanUploadReport *self)
{
}

/* Private API ------------------------------------------------------------ */

CpisPlanUploadReport *
_cpis_plan_upload_report_new (GPtrArray *records)
{
  CpisPlanUploadReport *self = g_object_new (CPIS_TYPE_PLAN_UPLOAD_REPORT, NULL);

  self->records = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (self->records, g_object_ref (g_ptr_array_index (records, i)));
  self->rows = g_new0 (Row, MAX (records->len, 1));

  for (guint i = 0; i < records->len; i++)
    {
      CpisPlanRecord *record = g_ptr_array_index (records, i);

      if (cpis_plan_record_get_error (record) != NULL)
        _cpis_plan_upload_report_set_row (self, i, CPIS_PLAN_UPLOAD_ROW_REJECTED, "CPR07",
                                          cpis_plan_record_get_error (record), NULL);
      else
        self->rows[i].state = CPIS_PLAN_UPLOAD_ROW_NOT_SENT;
    }

  return self;
}

void
_cpis_plan_upload_report_set_row (CpisPlanUploadReport   *self,
                                  guint                   index,
                                  CpisPlanUploadRowState  state,
                                  const char             *code,
                                  const char             *detail,
                                  const char             *plan_id)
{
  Row *row;

  g_return_if_fail (CPIS_IS_PLAN_UPLOAD_REPORT (self));
  g_return_if_fail (index < self->records->len);

  row = &self->rows[index];
  row->state = state;
  g_free (row->code);
  row->code = g_strdup (code);
  g_free (row->detail);
  row->detail = g_strdup (detail);
  g_free (row->plan_id);
  row->plan_id = g_strdup (plan_id);
}

void
_cpis_plan_upload_report_finish (CpisPlanUploadReport *self,
                                 GError               *stop_error)
{
  guint n_uploaded;

  g_return_if_fail (CPIS_IS_PLAN_UPLOAD_REPORT (self));

  g_clear_error (&self->stop_error);
  self->stop_error = stop_error;
  self->complete = stop_error == NULL && count_state (self, CPIS_PLAN_UPLOAD_ROW_UNKNOWN) == 0 &&
                   count_state (self, CPIS_PLAN_UPLOAD_ROW_NOT_SENT) == 0;

  g_clear_pointer (&self->file_code, g_free);
  if (!self->complete)
    return;

  n_uploaded = count_state (self, CPIS_PLAN_UPLOAD_ROW_UPLOADED);
  if (n_uploaded == 0)
    self->file_code = g_strdup ("CPF04");
  else if (n_uploaded == self->records->len)
    self->file_code = g_strdup ("CPF02");
  else
    self->file_code = g_strdup ("CPF03");
}

/* Public API ------------------------------------------------------------- */

const char *
cpis_plan_upload_row_state_to_string (CpisPlanUploadRowState state)
{
  switch (state)
    {
    case CPIS_PLAN_UPLOAD_ROW_UPLOADED:
      return "uploaded";
    case CPIS_PLAN_UPLOAD_ROW_REJECTED:
      return "rejected";
    case CPIS_PLAN_UPLOAD_ROW_UNKNOWN:
      return "unknown";
    case CPIS_PLAN_UPLOAD_ROW_NOT_SENT:
      return "not-sent";
    default:
      g_return_val_if_reached (NULL);
    }
}

GPtrArray *
cpis_plan_upload_read_csv (GBytes  *bytes,
                           GError **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  GPtrArray *records;
  gsize length = 0;
  const char *data;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &length);
  rows = cpis_csv_read (data != NULL ? data : "", length, plan_header, N_PLAN_FIELDS, NULL, 0,
                        NULL, error);
  if (rows == NULL)
    return NULL;

  records = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (records, record_from_row (g_ptr_array_index (rows, i)));

  return records;
}

GPtrArray *
cpis_plan_upload_read_csv_stream (GInputStream  *stream,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  guint8 buffer[16384];

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      if (data->len + (gsize) n > MAX_FILE_BYTES)
        {
          g_set_error (error, CPIS_CSV_ERROR, CPIS_CSV_ERROR_BAD_FILE,
                       "The file is larger than %u MiB: split it", MAX_FILE_BYTES / 1024 / 1024);
          return NULL;
        }
      g_byte_array_append (data, buffer, n);
    }

  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&data));
  return cpis_plan_upload_read_csv (bytes, error);
}

guint
cpis_plan_upload_report_get_n_rows (CpisPlanUploadReport *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN_UPLOAD_REPORT (self), 0);

  return self->records->len;
}

guint
cpis_plan_upload_report_get_n_uploaded (CpisPlanUploadReport *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN_UPLOAD_REPORT (self), 0);

  return count_state (self, CPIS_PLAN_UPLOAD_ROW_UPLOADED);
}

guint
cpis_plan_upload_report_get_n_rejected (CpisPlanUploadReport *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN_UPLOAD_REPORT (self), 0);

  return count_state (self, CPIS_PLAN_UPLOAD_ROW_REJECTED);
}

guint
cpis_plan_upload_report_get_n_unknown (CpisPlanUploadReport *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN_UPLOAD_REPORT (self), 0);

  return count_state (self, CPIS_PLAN_UPLOAD_ROW_UNKNOWN);
}

guint
cpis_plan_upload_report_get_n_not_sent (CpisPlanUploadReport *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN_UPLOAD_REPORT (self), 0);

  return count_state (self, CPIS_PLAN_UPLOAD_ROW_NOT_SENT);
}

gboolean
cpis_plan_upload_report_is_complete (CpisPlanUploadReport *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN_UPLOAD_REPORT (self), FALSE);

  return self->complete;
}

const char *
cpis_plan_upload_report_get_file_code (CpisPlanUploadReport *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN_UPLOAD_REPORT (self), NULL);

  return self->file_code;
}

const GError *
cpis_plan_upload_report_get_stop_error (CpisPlanUploadReport *self)
{
  g_return_val_if_fail (CPIS_IS_PLAN_UPLOAD_REPORT (self), NULL);

  return self->stop_error;
}

CpisPlanRecord *
cpis_plan_upload_report_get_record (CpisPlanUploadReport *self,
                                    guint                 index)
{
  g_return_val_if_fail (CPIS_IS_PLAN_UPLOAD_REPORT (self), NULL);
  g_return_val_if_fail (index < self->records->len, NULL);

  return g_ptr_array_index (self->records, index);
}

CpisPlanUploadRowState
cpis_plan_upload_report_get_state (CpisPlanUploadReport *self,
                                   guint                 index)
{
  g_return_val_if_fail (CPIS_IS_PLAN_UPLOAD_REPORT (self), CPIS_PLAN_UPLOAD_ROW_NOT_SENT);
  g_return_val_if_fail (index < self->records->len, CPIS_PLAN_UPLOAD_ROW_NOT_SENT);

  return self->rows[index].state;
}

const char *
cpis_plan_upload_report_get_code (CpisPlanUploadReport *self,
                                  guint                 index)
{
  g_return_val_if_fail (CPIS_IS_PLAN_UPLOAD_REPORT (self), NULL);
  g_return_val_if_fail (index < self->records->len, NULL);

  return self->rows[index].code;
}

const char *
cpis_plan_upload_report_get_detail (CpisPlanUploadReport *self,
                                    guint                 index)
{
  g_return_val_if_fail (CPIS_IS_PLAN_UPLOAD_REPORT (self), NULL);
  g_return_val_if_fail (index < self->records->len, NULL);

  return self->rows[index].detail;
}

const char *
cpis_plan_upload_report_get_plan_id (CpisPlanUploadReport *self,
                                     guint                 index)
{
  g_return_val_if_fail (CPIS_IS_PLAN_UPLOAD_REPORT (self), NULL);
  g_return_val_if_fail (index < self->records->len, NULL);

  return self->rows[index].plan_id;
}

GBytes *
cpis_plan_upload_report_to_csv (CpisPlanUploadReport *self)
{
  static const char * const header[] = {
    "line", "nhs_number", "family_name", "given_name", "plan_type", "start_date", "outcome",
    "code", "detail",
  };
  GString *out;

  g_return_val_if_fail (CPIS_IS_PLAN_UPLOAD_REPORT (self), NULL);

  out = g_string_new (NULL);
  cpis_csv_append_row (out, header, G_N_ELEMENTS (header));
  for (guint i = 0; i < self->records->len; i++)
    {
      CpisPlanRecord *record = g_ptr_array_index (self->records, i);
      const Row *row = &self->rows[i];
      g_autofree char *line = g_strdup_printf ("%u", cpis_plan_record_get_line (record));
      const char *cells[] = {
        line,
        cpis_plan_record_get_nhs_number (record),
        cpis_plan_record_get_family_name (record),
        cpis_plan_record_get_given_name (record),
        cpis_plan_record_get_plan_type (record),
        cpis_plan_record_get_start_date (record),
        cpis_plan_upload_row_state_to_string (row->state),
        row->code,
        row->detail,
      };

      G_STATIC_ASSERT (G_N_ELEMENTS (cells) == G_N_ELEMENTS (header));
      cpis_csv_append_row (out, cells, G_N_ELEMENTS (cells));
    }

  return g_string_free_to_bytes (out);
}

gboolean
cpis_plan_upload_report_write_csv (CpisPlanUploadReport  *self,
                                   GOutputStream         *stream,
                                   GCancellable          *cancellable,
                                   GError               **error)
{
  g_autoptr(GBytes) csv = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (CPIS_IS_PLAN_UPLOAD_REPORT (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  csv = cpis_plan_upload_report_to_csv (self);
  data = g_bytes_get_data (csv, &length);
  return g_output_stream_write_all (stream, data, length, NULL, cancellable, error);
}
