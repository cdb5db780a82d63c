/* cpis-sign-in-page.c: hub, user name, password, remember me */
#include <glib/gi18n.h>

#include "cpis-sign-in-page.h"

struct _CpisSignInPage
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (CpisSignInPage, cpis_sign_in_page, GTK_TYPE_WIDGET)

static void
cpis_sign_in_page_class_init (CpisSignInPageClass *klass)
{
}

static void
cpis_sign_in_page_init (CpisSignInPage *self)
{
}

CpisSignInPage *
cpis_sign_in_page_new (void)
{
  return g_object_new (CPIS_TYPE_SIGN_IN_PAGE, NULL);
}

void
cpis_sign_in_page_set_hub_url (CpisSignInPage *self,
                               const char     *hub_url)
{
  g_return_if_fail (CPIS_IS_SIGN_IN_PAGE (self));
}

void
cpis_sign_in_page_set_username (CpisSignInPage *self,
                                const char     *username)
{
  g_return_if_fail (CPIS_IS_SIGN_IN_PAGE (self));
}

void
cpis_sign_in_page_set_demo_accounts (CpisSignInPage *self,
                                     GPtrArray      *accounts)
{
  g_return_if_fail (CPIS_IS_SIGN_IN_PAGE (self));
}

void
cpis_sign_in_page_reset (CpisSignInPage *self)
{
  g_return_if_fail (CPIS_IS_SIGN_IN_PAGE (self));
}
