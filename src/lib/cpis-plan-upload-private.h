/* cpis-plan-upload-private.h: how the client's upload fills its report */
#pragma once

#include "cpis-plan-upload.h"

G_BEGIN_DECLS

/* A report of @records (CpisPlanRecord), every row NOT_SENT but those with
 * an error, which are REJECTED CPR07 with it */
CpisPlanUploadReport *_cpis_plan_upload_report_new      (GPtrArray              *records);
void                  _cpis_plan_upload_report_set_row  (CpisPlanUploadReport   *self,
                                                         guint                   index,
                                                         CpisPlanUploadRowState  state,
                                                         const char             *code,
                                                         const char             *detail,
                                                         const char             *plan_id);
/* Ends the report: complete when @stop_error is NULL (taken) */
void                  _cpis_plan_upload_report_finish   (CpisPlanUploadReport   *self,
                                                         GError                 *stop_error);

G_END_DECLS
