/* cpis-hub-upload-bundle.h: an LA's batch Bundle of plan records, read
 *
 * The reader of what `POST [base]` receives (cpis-hub-fhir-upload.c), on its
 * own so that it can be fuzzed (tests/fuzz/fuzz-upload-bundle.c) without a
 * server. It reads the whole Bundle before any record is acted on, so that
 * a Bundle refused writes nothing; what each record says is then for the
 * rules (cpis_hub_upload_plan_record) to judge.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CPIS_HUB_UPLOAD_BUNDLE_ERROR (cpis_hub_upload_bundle_error_quark ())

typedef enum
{
  CPIS_HUB_UPLOAD_BUNDLE_ERROR_INVALID,  /* not a batch Bundle of CareTeams: 400 */
  CPIS_HUB_UPLOAD_BUNDLE_ERROR_TOO_MANY, /* more than CPIS_FHIR_MAX_UPLOAD_ENTRIES: 413 */
} CpisHubUploadBundleError;

/* One entry's record, its strings owned; NULL where the entry says nothing */
typedef struct
{
  char *nhs_number;
  char *family_name;
  char *given_name;
  char *date_of_birth;
  char *plan_type;
  char *start_date;
  char *end_date;
  char *due_date;
  char *la_ods_code;
} CpisHubUploadRecord;

GQuark   cpis_hub_upload_bundle_error_quark (void);

/* The @length bytes at @data as a batch Bundle: its *@n_records records in
 * *@records (NULL for none; free with cpis_hub_upload_records_free()), or
 * FALSE with an error whose message is the diagnostics to answer with */
gboolean cpis_hub_upload_bundle_read        (const char            *data,
                                             gsize                  length,
                                             CpisHubUploadRecord  **records,
                                             guint                 *n_records,
                                             GError               **error);
void     cpis_hub_upload_records_free       (CpisHubUploadRecord   *records,
                                             guint                  n_records);

G_END_DECLS
