/* cpis-application.c: CP-IS Desktop, the application */
#include <glib/gi18n.h>

#include "cpis-application.h"

struct _CpisApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (CpisApplication, cpis_application, ADW_TYPE_APPLICATION)

static void
cpis_application_class_init (CpisApplicationClass *klass)
{
}

static void
cpis_application_init (CpisApplication *self)
{
}

CpisApplication *
cpis_application_new (void)
{
  return g_object_new (CPIS_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

const char *
cpis_application_get_hub_url (CpisApplication *self)
{
  g_return_val_if_fail (CPIS_IS_APPLICATION (self), NULL);
  return NULL;
}

GPtrArray *
cpis_application_get_demo_accounts (CpisApplication *self)
{
  g_return_val_if_fail (CPIS_IS_APPLICATION (self), NULL);
  return NULL;
}

GSettings *
cpis_application_get_settings (CpisApplication *self)
{
  g_return_val_if_fail (CPIS_IS_APPLICATION (self), NULL);
  return NULL;
}
