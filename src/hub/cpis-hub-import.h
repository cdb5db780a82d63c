/* cpis-hub-import.h: CSV imports of demographics and of LA plan uploads */
#pragma once

#include <gio/gio.h>

#include "cpis-hub-store.h"

G_BEGIN_DECLS

#define CPIS_HUB_IMPORT_ERROR (cpis_hub_import_error_quark ())

typedef enum
{
  CPIS_HUB_IMPORT_ERROR_BAD_FILE,  /* unreadable, not CSV, or the wrong header */
} CpisHubImportError;

GQuark cpis_hub_import_error_quark (void);

/* One record's outcome in a plans upload */
typedef struct
{
  guint  line;         /* 1-based line in the file */
  char  *nhs_number;   /* as written in the file */
  char  *code;         /* "CPR01" … "CPR07" */
  char  *detail;       /* why, for CPR07 and the other failures; NULL on success */
} CpisHubImportRecordResult;

typedef struct
{
  GPtrArray *records;   /* CpisHubImportRecordResult */
  char      *file_code; /* "CPF02" success, "CPF03" partial, "CPF04" nothing uploaded, "CPF01" file error */
  char      *file_detail; /* NULL on success */
} CpisHubImportReport;

void cpis_hub_import_report_free (CpisHubImportReport *report);
/* Sets the file code and detail from the records and how many succeeded */
void cpis_hub_import_report_settle (CpisHubImportReport *report,
                                    guint                n_succeeded);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisHubImportReport, cpis_hub_import_report_free)

/* header nhs_number,family_name,given_name,date_of_birth,gender,postcode,
 * then optionally restricted (true/false) and superseded_by (the current NHS
 * number), in either order; a file without one keeps what the hub holds.
 * Returns the number of patients imported; a bad row fails the whole file
 * (nothing is written) with a message naming the line. */
gint64               cpis_hub_import_patients (CpisHubStore  *store,
                                               const char    *csv,
                                               gsize          length,
                                               GError       **error);
/* One plan record as an LA submits it (a CSV row, a FHIR CareTeam): each
 * field as written, NULL read as empty. Borrowed. */
typedef struct
{
  const char *nhs_number;
  const char *family_name;
  const char *given_name;
  const char *date_of_birth;
  const char *plan_type;      /* CPP, LAC or UCPP */
  const char *start_date;
  const char *end_date;
  const char *due_date;
  const char *la_ods_code;
} CpisHubPlanRecord;

/* The rules of a plan upload for one record (cpis-hub-import.c lists them,
 * in order): checks @record and stores its plan, or changes no plan and
 * keeps it as an exception. Returns the record code ("CPR06" on success, a
 * static string); @detail gets why (NULL on success), @plan_id (may be NULL)
 * the plan's id on success, @created (may be NULL) whether the plan is new.
 * @uploader_la: the ODS code of the LA uploading, whose own records only
 * are taken; NULL for the command line, which takes any LA's. @now_usec:
 * when, for the exceptions. */
const char          *cpis_hub_upload_plan_record (CpisHubStore             *store,
                                                  const CpisHubPlanRecord  *record,
                                                  const char               *uploader_la,
                                                  gint64                    now_usec,
                                                  char                    **detail,
                                                  char                    **plan_id,
                                                  gboolean                 *created);

/* header nhs_number,family_name,given_name,date_of_birth,plan_type,start_date,
 * end_date,due_date,la_ods_code. Each record succeeds or changes nothing.
 * A file-level problem is reported as CPF01 in the report, not as a GError. */
CpisHubImportReport *cpis_hub_import_plans    (CpisHubStore  *store,
                                               const char    *csv,
                                               gsize          length);

G_END_DECLS
