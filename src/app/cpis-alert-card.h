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
 * copy button. @today: the UK date to count days from. */
GtkWidget *cpis_alert_card_new (CpisPlan    *plan,
                                const GDate *today);

G_END_DECLS
