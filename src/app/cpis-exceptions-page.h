/* cpis-exceptions-page.h: the authority's upload exceptions, worked through
 *
 * Each record of the authority's uploads that the hub refused and keeps as
 * an exception: the child as submitted, the CP-IS code, what it means and
 * how to put it right. "Correct and Upload…" opens the plan form filled in
 * with what was submitted (a record uploaded right resolves its exception
 * at the hub); "Dismiss" resolves one that needs no upload (the child is
 * no longer on a plan, say). Loaded when first shown, forgotten on reset.
 */
#pragma once

#include <gtk/gtk.h>

#include "cpis-session.h"

G_BEGIN_DECLS

#define CPIS_TYPE_EXCEPTIONS_PAGE (cpis_exceptions_page_get_type ())

G_DECLARE_FINAL_TYPE (CpisExceptionsPage, cpis_exceptions_page, CPIS, EXCEPTIONS_PAGE, GtkWidget)

/* Signals:
 *   "plans-changed": a correction was uploaded (the plans list is out of date)
 *   "n-open-changed": cpis_exceptions_page_get_n_open() may say another number
 */
GtkWidget *cpis_exceptions_page_new         (void);
void       cpis_exceptions_page_set_session (CpisExceptionsPage *self,
                                             CpisSession        *session);
void       cpis_exceptions_page_reload      (CpisExceptionsPage *self);
void       cpis_exceptions_page_reset       (CpisExceptionsPage *self);
/* How many are open, as far as loaded */
guint      cpis_exceptions_page_get_n_open  (CpisExceptionsPage *self);

G_END_DECLS
