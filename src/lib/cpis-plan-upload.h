/* cpis-plan-upload.h: an LA's plan upload, client side: the records read
 * from its CSV file (CpisPlanRecord), and the report of what the hub made of
 * each (CpisPlanUploadReport), which can be saved as CSV
 * (docs/api.md, "Plan uploads")
 */
#pragma once

#include <gio/gio.h>

#include "cpis-plan-record.h"

G_BEGIN_DECLS

/* What became of one row */
typedef enum
{
  CPIS_PLAN_UPLOAD_ROW_UPLOADED,  /* CPR06: the hub stored the plan */
  CPIS_PLAN_UPLOAD_ROW_REJECTED,  /* any other code: the hub (or, for a row
                                   * that could not be read, the client) refused
                                   * it, and stored nothing of it */
  CPIS_PLAN_UPLOAD_ROW_UNKNOWN,   /* sent, but no answer came: it may or may not
                                   * be stored (list the LA's plans to see) */
  CPIS_PLAN_UPLOAD_ROW_NOT_SENT,  /* never sent: the upload stopped before it */
} CpisPlanUploadRowState;

GType cpis_plan_upload_row_state_get_type (void) G_GNUC_CONST;
#define CPIS_TYPE_PLAN_UPLOAD_ROW_STATE (cpis_plan_upload_row_state_get_type ())

/* "uploaded", "rejected", "unknown", "not-sent" */
const char *cpis_plan_upload_row_state_to_string (CpisPlanUploadRowState state);

/* Reads an upload file: the columns of `cpis-hub import plans` (header
 * nhs_number,family_name,given_name,date_of_birth,plan_type,start_date,
 * end_date,due_date,la_ods_code), in cpis-csv.c's dialect. A file-level
 * problem (not UTF-8, a row over 64 KiB, a quote left open, no header or
 * the wrong one) fails the whole file with a CPIS_CSV_ERROR naming the line;
 * a row with the wrong number of fields, or a field longer than
 * CPIS_FHIR_MAX_UPLOAD_VALUE (which the hub would refuse the whole batch
 * for), is kept, with its "error" set, and is rejected (CPR07) without
 * being sent. Returns CpisPlanRecord, in the
 * file's order. */
GPtrArray *cpis_plan_upload_read_csv        (GBytes        *bytes,
                                             GError       **error);
/* The same from a stream, read to its end (at most 64 MiB: more is refused
 * as too large, CPIS_CSV_ERROR_BAD_FILE) */
GPtrArray *cpis_plan_upload_read_csv_stream (GInputStream  *stream,
                                             GCancellable  *cancellable,
                                             GError       **error);

#define CPIS_TYPE_PLAN_UPLOAD_REPORT (cpis_plan_upload_report_get_type ())

G_DECLARE_FINAL_TYPE (CpisPlanUploadReport, cpis_plan_upload_report, CPIS, PLAN_UPLOAD_REPORT,
                      GObject)

/* Properties (read-only):
 *   "n-rows"      uint     the records given, each one row
 *   "n-uploaded"  uint     rows UPLOADED
 *   "n-rejected"  uint     rows REJECTED
 *   "n-unknown"   uint     rows UNKNOWN
 *   "n-not-sent"  uint     rows NOT_SENT
 *   "complete"    boolean  every row has the hub's answer (none unknown or
 *                          not sent)
 *   "file-code"   string   CPF02 every row uploaded, CPF03 some, CPF04 none;
 *                          NULL while the upload is not complete
 * A report that is not complete says why it stopped (get_stop_error). */

guint                  cpis_plan_upload_report_get_n_rows        (CpisPlanUploadReport *self);
guint                  cpis_plan_upload_report_get_n_uploaded    (CpisPlanUploadReport *self);
guint                  cpis_plan_upload_report_get_n_rejected    (CpisPlanUploadReport *self);
guint                  cpis_plan_upload_report_get_n_unknown     (CpisPlanUploadReport *self);
guint                  cpis_plan_upload_report_get_n_not_sent    (CpisPlanUploadReport *self);
gboolean               cpis_plan_upload_report_is_complete       (CpisPlanUploadReport *self);
const char            *cpis_plan_upload_report_get_file_code     (CpisPlanUploadReport *self);
/* Why the upload stopped before the end (cancelled, the hub unreachable, a
 * chunk refused); NULL for a complete one */
const GError          *cpis_plan_upload_report_get_stop_error    (CpisPlanUploadReport *self);

/* Row @index (0 … n-rows - 1), in the records' order */
CpisPlanRecord        *cpis_plan_upload_report_get_record        (CpisPlanUploadReport *self,
                                                                  guint                 index);
CpisPlanUploadRowState cpis_plan_upload_report_get_state         (CpisPlanUploadReport *self,
                                                                  guint                 index);
/* The CP-IS record code (CPR01 … CPR07); NULL when UNKNOWN or NOT_SENT */
const char            *cpis_plan_upload_report_get_code          (CpisPlanUploadReport *self,
                                                                  guint                 index);
/* Why, as the hub (or the client) said it; NULL on success */
const char            *cpis_plan_upload_report_get_detail        (CpisPlanUploadReport *self,
                                                                  guint                 index);
/* The CareTeam id of an uploaded row; NULL otherwise */
const char            *cpis_plan_upload_report_get_plan_id       (CpisPlanUploadReport *self,
                                                                  guint                 index);

/* The report as CSV, one row per record after a header: line, nhs_number,
 * family_name, given_name, plan_type, start_date, outcome (uploaded,
 * rejected, unknown, not-sent), code, detail. Every cell quoted; a cell a
 * spreadsheet would run as a formula is neutralised (cpis_csv_append_row),
 * so that a file holding one stays inert when the report is opened. */
GBytes                *cpis_plan_upload_report_to_csv            (CpisPlanUploadReport *self);
gboolean               cpis_plan_upload_report_write_csv         (CpisPlanUploadReport *self,
                                                                  GOutputStream        *stream,
                                                                  GCancellable         *cancellable,
                                                                  GError              **error);

G_END_DECLS
