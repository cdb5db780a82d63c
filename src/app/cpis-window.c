/* cpis-window.c: the one window: sign-in page, then the view for the user's role */
#include <glib/gi18n.h>

#include "cpis-window.h"

struct _CpisWindow
{
  AdwApplicationWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (CpisWindow, cpis_window, ADW_TYPE_APPLICATION_WINDOW)

static void
cpis_window_class_init (CpisWindowClass *klass)
{
}

static void
cpis_window_init (CpisWindow *self)
{
}

CpisWindow *
cpis_window_new (CpisApplication *application)
{
  return g_object_new (CPIS_TYPE_WINDOW, "application", application, NULL);
}

void
cpis_window_lock (CpisWindow *self)
{
  g_return_if_fail (CPIS_IS_WINDOW (self));
}

void
cpis_window_sign_out (CpisWindow *self)
{
  g_return_if_fail (CPIS_IS_WINDOW (self));
}
