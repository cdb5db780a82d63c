/* cpis-nhs-number-entry.h: an entry for NHS numbers that checks as you type
 *
 * Accepts typing, pasting and a barcode scanner's digits-then-Enter; spaces
 * and dashes are fine. Enter on an invalid number does nothing but show why.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CPIS_TYPE_NHS_NUMBER_ENTRY (cpis_nhs_number_entry_get_type ())

G_DECLARE_FINAL_TYPE (CpisNhsNumberEntry, cpis_nhs_number_entry, CPIS, NHS_NUMBER_ENTRY, GtkWidget)

/* Properties:
 *   "text"        string  what is typed
 *   "nhs-number"  string  the ten digits when valid, else NULL (read-only)
 *   "message"     string  why it is not valid yet, or NULL (read-only)
 *   "submit-on-scanned-tab" boolean  a Tab that ends a scan (typed at a
 *                 scanner's speed) submits, as Enter does; a person's Tab
 *                 still moves the focus
 * Signals:
 *   "submitted" (const char *nhs_number): Enter on a valid number
 */

GtkWidget  *cpis_nhs_number_entry_new            (void);
const char *cpis_nhs_number_entry_get_text       (CpisNhsNumberEntry *self);
void        cpis_nhs_number_entry_set_text       (CpisNhsNumberEntry *self,
                                                  const char         *text);
const char *cpis_nhs_number_entry_get_nhs_number (CpisNhsNumberEntry *self);
const char *cpis_nhs_number_entry_get_message    (CpisNhsNumberEntry *self);
void        cpis_nhs_number_entry_clear          (CpisNhsNumberEntry *self);
/* Selects the whole text, so that the next number typed or scanned replaces
 * it (whether or not the selection lasts: a click or an editing key in the
 * field keeps the text instead) */
void        cpis_nhs_number_entry_select_all     (CpisNhsNumberEntry *self);
/* The same without selecting */
void        cpis_nhs_number_entry_replace_on_input (CpisNhsNumberEntry *self);
/* Puts the focus in the field and makes @c its whole text, as if the field
 * had been selected and @c typed (a scan that began while the focus was
 * elsewhere) */
void        cpis_nhs_number_entry_restart_with   (CpisNhsNumberEntry *self,
                                                  gunichar            c);
/* Puts the focus in the field and makes @c its whole text, as if the field
 * had been selected and @c typed (a scan that began while the focus was
 * elsewhere) */
void        cpis_nhs_number_entry_restart_with   (CpisNhsNumberEntry *self,
                                                  gunichar            c);

G_END_DECLS
