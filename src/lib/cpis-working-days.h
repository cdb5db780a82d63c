/* cpis-working-days.h: England's working days, for the time a local
 * authority takes to act on a notification
 *
 * A working day is Monday to Friday and not a bank holiday in England and
 * Wales: the regular ones (New Year's Day, Good Friday, Easter Monday, the
 * early May, spring and summer bank holidays, Christmas Day and Boxing Day,
 * with the substitute days when they fall at a weekend) and the ones moved or
 * added by proclamation from 2011 (the early May bank holiday of 2020 on 8
 * May; the spring bank holiday of 2022 on 2 June, the jubilees of 2012 and
 * 2022, the royal wedding of 2011, the state funeral of 2022 and the
 * coronation of 2023). A holiday proclaimed after this was written must be
 * added to the table in cpis-working-days.c.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean cpis_working_days_is_bank_holiday (const GDate *day);
gboolean cpis_working_days_is_working_day  (const GDate *day);
/* The @n-th working day after @day (n ≥ 1), in @result */
void     cpis_working_days_after           (const GDate *day,
                                            guint        n,
                                            GDate       *result);

G_END_DECLS
