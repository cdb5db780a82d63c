/* cpis-alert-card.c: one plan, unmistakable */
#include "cpis-alert-card.h"

struct _CpisAlertCard
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (CpisAlertCard, cpis_alert_card, GTK_TYPE_WIDGET)

static void
cpis_alert_card_class_init (CpisAlertCardClass *klass)
{
}

static void
cpis_alert_card_init (CpisAlertCard *self)
{
}

GtkWidget *
cpis_alert_card_new (CpisPlan    *plan,
                     const GDate *today)
{
  g_return_val_if_fail (CPIS_IS_PLAN (plan), NULL);
  return g_object_new (CPIS_TYPE_ALERT_CARD, NULL);
}
