/* cpis-find-child-dialog.h: find a child without their NHS number
 *
 * A search of the demographics service by family name, date of birth and
 * gender (and, to narrow it, the given name and postcode), as NCRS and ED
 * systems offer. One match is shown for the nurse to confirm against the
 * child, then checked like a typed number; several or none are said so,
 * never guessed between.
 */
#pragma once

#include <adwaita.h>

#include "cpis-hub-client.h"

G_BEGIN_DECLS

#define CPIS_TYPE_FIND_CHILD_DIALOG (cpis_find_child_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CpisFindChildDialog, cpis_find_child_dialog, CPIS, FIND_CHILD_DIALOG, AdwWindow)

/* Signals:
 *   "child-chosen" (const char *nhs_number): the nurse confirmed the one match;
 *                  the dialog closes
 */

CpisFindChildDialog *cpis_find_child_dialog_new (CpisHubClient *client);

G_END_DECLS
