/* cpis-sign-in-page.h: hub, user name, password, remember me */
#pragma once

#include <adwaita.h>

#include "cpis-session.h"

G_BEGIN_DECLS

#define CPIS_TYPE_SIGN_IN_PAGE (cpis_sign_in_page_get_type ())

G_DECLARE_FINAL_TYPE (CpisSignInPage, cpis_sign_in_page, CPIS, SIGN_IN_PAGE, GtkWidget)

/* The page signs in through its session; the window follows the session's
 * "started". */

CpisSignInPage *cpis_sign_in_page_new                (void);
/* The session to sign in (needed before the page can sign in); the keyring
 * is probed through it at once */
void            cpis_sign_in_page_set_session        (CpisSignInPage *self,
                                                      CpisSession    *session);
/* Where the user name and hub address of a sign-in are kept for the next
 * one (NULL: nowhere) */
void            cpis_sign_in_page_set_settings       (CpisSignInPage *self,
                                                      GSettings      *settings);
void            cpis_sign_in_page_set_hub_url        (CpisSignInPage *self,
                                                      const char     *hub_url);
void            cpis_sign_in_page_set_username       (CpisSignInPage *self,
                                                      const char     *username);
/* @accounts: CpisDemoAccount, offered as one-click fills */
void            cpis_sign_in_page_set_demo_accounts  (CpisSignInPage *self,
                                                      GPtrArray      *accounts);
/* Clears the password (after sign-out or lock) and focuses it; a remembered
 * password is not filled in again until another hub or user name is typed */
void            cpis_sign_in_page_reset              (CpisSignInPage *self);
/* A line above the form, e.g. why the session was locked; NULL hides it */
void            cpis_sign_in_page_set_notice         (CpisSignInPage *self,
                                                      const char     *notice);
G_END_DECLS
