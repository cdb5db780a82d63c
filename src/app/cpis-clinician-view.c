/* cpis-clinician-view.c: check a child by NHS number */
#include "cpis-clinician-view.h"

struct _CpisClinicianView
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (CpisClinicianView, cpis_clinician_view, GTK_TYPE_WIDGET)

enum {
  SESSION_EXPIRED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
cpis_clinician_view_class_init (CpisClinicianViewClass *klass)
{
  signals[SESSION_EXPIRED] =
    g_signal_new ("session-expired",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
cpis_clinician_view_init (CpisClinicianView *self)
{
}

CpisClinicianView *
cpis_clinician_view_new (void)
{
  return g_object_new (CPIS_TYPE_CLINICIAN_VIEW, NULL);
}

void
cpis_clinician_view_set_session (CpisClinicianView *self,
                                 CpisHubClient     *client,
                                 CpisSessionStore  *store)
{
  g_return_if_fail (CPIS_IS_CLINICIAN_VIEW (self));
}

void
cpis_clinician_view_reset (CpisClinicianView *self)
{
  g_return_if_fail (CPIS_IS_CLINICIAN_VIEW (self));
}

void
cpis_clinician_view_focus_search (CpisClinicianView *self)
{
  g_return_if_fail (CPIS_IS_CLINICIAN_VIEW (self));
}

void
cpis_clinician_view_retry (CpisClinicianView *self)
{
  g_return_if_fail (CPIS_IS_CLINICIAN_VIEW (self));
}
