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
/* header nhs_number,family_name,given_name,date_of_birth,plan_type,start_date,
 * end_date,due_date,la_ods_code. Each record succeeds or changes nothing.
 * A file-level problem is reported as CPF01 in the report, not as a GError. */
CpisHubImportReport *cpis_hub_import_plans    (CpisHubStore  *store,
                                               const char    *csv,
                                               gsize          length);

G_END_DECLS
