/* cpis-partnership-view.h: a safeguarding partnership officer's area at a
 * glance: headline figures, charts and the settings, for a period
 *
 * Counts only, as the hub gives them for the officer's own area
 * (cpis_hub_client_evaluate_area_figures_async): no child-level request is
 * ever made from here. A count the hub withheld reads "fewer than 5",
 * never 0; figures that could not be fetched are never shown as zeros; a
 * reply for an earlier choice of period or LA is dropped, never shown
 * under a later one.
 */
#pragma once

#include <adwaita.h>

#include "cpis-measure-report.h"
#include "cpis-session.h"

G_BEGIN_DECLS

#define CPIS_TYPE_PARTNERSHIP_VIEW (cpis_partnership_view_get_type ())

G_DECLARE_FINAL_TYPE (CpisPartnershipView, cpis_partnership_view, CPIS, PARTNERSHIP_VIEW, GtkWidget)

GtkWidget         *cpis_partnership_view_new          (void);
/* Signed in as a partnership officer, the view fetches the area's figures
 * for the chosen period; signed out, it forgets them */
void               cpis_partnership_view_set_session  (CpisPartnershipView *self,
                                                       CpisSession         *session);
void               cpis_partnership_view_reset        (CpisPartnershipView *self);
/* The figures shown, or NULL (loading, failed, signed out) */
CpisMeasureReport *cpis_partnership_view_get_report   (CpisPartnershipView *self);
/* Asks again for the period and LA chosen */
void               cpis_partnership_view_reload       (CpisPartnershipView *self);

typedef enum
{
  CPIS_PARTNERSHIP_EXPORT_CSV,  /* the figures, a row each, for a spreadsheet */
  CPIS_PARTNERSHIP_EXPORT_PDF,  /* the dashboard as a report, for the board */
} CpisPartnershipExport;

/* Writes the figures shown to @file as @format (the Export menu asks where
 * first); the view then says it saved them, or why it could not. Nothing is
 * written while no figures are shown: never an earlier choice's, never
 * zeros. FALSE if there were none to write. */
gboolean           cpis_partnership_view_export_to    (CpisPartnershipView   *self,
                                                       CpisPartnershipExport  format,
                                                       GFile                 *file);
/* What the view last said of an export, or NULL */
const char        *cpis_partnership_view_get_export_message (CpisPartnershipView *self);

G_END_DECLS
