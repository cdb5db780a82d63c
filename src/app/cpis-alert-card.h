/* cpis-alert-card.h: one plan, unmistakable (colour and icon, never colour alone) */
#pragma once

#include <gtk/gtk.h>

#include "cpis-plan.h"

G_BEGIN_DECLS

#define CPIS_TYPE_ALERT_CARD (cpis_alert_card_get_type ())

G_DECLARE_FINAL_TYPE (CpisAlertCard, cpis_alert_card, CPIS, ALERT_CARD, GtkWidget)

/* Plan type in words, start date, end date or "active", "ended N days ago",
 * "unborn child — plan held against the mother's record" for UCPP, and the
 * responsible LA with its office-hours and emergency-duty numbers, each with a
 * copy button. @today: the UK date to count days from. An unborn child's
 * plan past its due date says the baby may have been born. */
GtkWidget *cpis_alert_card_new          (CpisPlan      *plan,
                                         const GDate   *today);
/* TRUE for a plan that ended on or before today: muted, collapsed to one line */
gboolean   cpis_alert_card_get_ended    (CpisAlertCard *self);
gboolean   cpis_alert_card_get_expanded (CpisAlertCard *self);
/* Opens or closes an ended plan's details (an active plan stays open) */
void       cpis_alert_card_set_expanded (CpisAlertCard *self,
                                         gboolean       expanded);

G_END_DECLS
