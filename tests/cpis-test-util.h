/* cpis-test-util.h: helpers shared by every test of the core and above
 *
 * Synthetic NHS numbers, UK times and NHS England's examples; waiting on the
 * main context for an asynchronous answer; signing a hub client in (to the
 * real hub or a fake one); removing a temporary folder and making a test
 * certificate. No GTK: the core-only build (-Dapp=false) links it too.
 */
#pragma once

#include <gio/gio.h>

#include "cpis-hub-client.h"

G_BEGIN_DECLS

/* How long cpis_test_wait_for_pointer() waits at most: a safety net that
 * turns a hang into a failure, not a measurement */
#define CPIS_TEST_WAIT_LIMIT_SECONDS 60

/* Data */

/* The first synthetic NHS number (999 range, valid check digit) at or after
 * @serial */
char          *cpis_test_nhs_number        (guint          serial);
/* A moment in UK time (BST in summer, GMT in winter) */
GDateTime     *cpis_test_uk_time           (int            year,
                                            int            month,
                                            int            day,
                                            int            hour,
                                            int            minute,
                                            double         seconds);
/* The contents of NHS England's example @name, in the folder the
 * environment variable @dir_variable names (CPIS_NHS_EXAMPLES_DIR or
 * CPIS_PDS_EXAMPLES_DIR, which tests/meson.build sets); asserts it reads */
char          *cpis_test_read_example      (const char    *dir_variable,
                                            const char    *name);

/* Waiting */

/* A GAsyncReadyCallback: stores a reference to @result in @user_data (a
 * GAsyncResult **), for cpis_test_wait_for_pointer() to wait on */
void           cpis_test_store_result_cb   (GObject       *source,
                                            GAsyncResult  *result,
                                            gpointer       user_data);
/* Iterates the thread-default main context until *@slot is no longer NULL;
 * fails the test after CPIS_TEST_WAIT_LIMIT_SECONDS */
void           cpis_test_wait_for_pointer  (gpointer      *slot);

/* Signing in */

/* Signs @client in and waits for the answer; what the hub said */
CpisUserInfo  *cpis_test_client_sign_in    (CpisHubClient *client,
                                            const char    *username,
                                            const char    *password,
                                            GCancellable  *cancellable,
                                            GError       **error);
/* A new client of the hub at @base_url, signed in as @username (asserts
 * success) */
CpisHubClient *cpis_test_client_signed_in  (const char    *base_url,
                                            const char    *username,
                                            const char    *password);

/* Files */

/* Removes @path and everything under it, never following a symbolic link;
 * FALSE if anything could not be removed (a thing already gone is fine) */
gboolean       cpis_test_remove_tree       (const char    *path);
/* A self-signed certificate for 127.0.0.1, made with openssl as
 * @dir/@prefix-cert.pem and @dir/@prefix-key.pem. Without openssl the test
 * fails, saying openssl is needed, and this returns FALSE: return from the
 * test then. */
gboolean       cpis_test_make_certificate  (const char    *dir,
                                            const char    *prefix,
                                            char         **cert_path,
                                            char         **key_path);
/* The SHA-256 fingerprint of the certificate at @cert_path as openssl says it
 * ("3F:…:9A"): what the client's words for it are held against */
char          *cpis_test_certificate_fingerprint (const char *cert_path);

/* PDF files read as a viewer reads them, with poppler-utils' pdfinfo and
 * pdftotext ($CPIS_PDFINFO, $CPIS_PDFTOTEXT, set by tests/meson.build);
 * without them the test stops, saying what to install */
guint          cpis_test_pdf_n_pages       (const char    *path);
/* Page @page's text (1-based), its white space run together and its
 * ligatures ("ﬁ") read as their letters, as a screen reader reads them */
char          *cpis_test_pdf_page_text     (const char    *path,
                                            guint          page);

G_END_DECLS
