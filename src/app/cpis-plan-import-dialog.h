/* cpis-plan-import-dialog.h: an authority's plans imported from a CSV file
 *
 * Choose a file (the columns of `cpis-hub import plans`); it is read and
 * checked before anything is sent, and says how many records it holds;
 * Upload sends them in chunks with a progress bar and a way to stop between
 * chunks; then a report, one row per record with its CP-IS code and what it
 * means, which can be saved as CSV (formulas neutralised, so a hostile cell
 * stays text in a spreadsheet). A record with no answer is never reported as
 * uploaded. What was read and the report live only as long as the dialog,
 * which goes with the sign-in.
 */
#pragma once

#include <adwaita.h>

#include "cpis-session.h"

G_BEGIN_DECLS

#define CPIS_TYPE_PLAN_IMPORT_DIALOG (cpis_plan_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CpisPlanImportDialog, cpis_plan_import_dialog, CPIS, PLAN_IMPORT_DIALOG,
                      AdwWindow)

/* Signals:
 *   "uploaded": an upload ended (complete or not): the authority's plans changed
 */
CpisPlanImportDialog *cpis_plan_import_dialog_new       (CpisSession          *session);
/* Reads @file as if chosen (the file chooser's answer; tests) */
void                  cpis_plan_import_dialog_open_file (CpisPlanImportDialog *self,
                                                         GFile                *file);
/* Saves the report to @file as if chosen */
void                  cpis_plan_import_dialog_save_to   (CpisPlanImportDialog *self,
                                                         GFile                *file);
/* "choose", "reading", "ready", "uploading" or "report" */
const char           *cpis_plan_import_dialog_get_page  (CpisPlanImportDialog *self);

G_END_DECLS
