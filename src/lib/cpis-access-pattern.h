/* cpis-access-pattern.h: spotting repeated attendance in an access history */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Accesses from one organisation at most this far apart are one attendance:
 * the hub records every check, and one child in front of one nurse is
 * checked again and again (a scan repeated, the doctor after the triage
 * nurse, the paediatric team on admission). Four hours is the national
 * emergency department standard (admitted, transferred or discharged within
 * four hours of arrival), so the checks of one stay fall within four hours of
 * one another; the span is chained (each access within four hours of the one
 * before it from that organisation joins the same attendance), so a longer
 * stay with checks along the way is still one. The price: a child sent home
 * and brought back to the same organisation within four hours of the last
 * check there is counted once. */
#define CPIS_PATTERN_SAME_ATTENDANCE_HOURS 4

#define CPIS_PATTERN_VISITS 3             /* 3 or more attendances … */
#define CPIS_PATTERN_VISITS_DAYS 30       /* … within 30 days */
#define CPIS_PATTERN_ORGANISATIONS 3      /* or 3 or more different organisations … */
#define CPIS_PATTERN_ORGANISATIONS_DAYS 90 /* … within 90 days */
#define CPIS_PATTERN_SAME_DAY_ORGANISATIONS 2 /* or 2 or more different organisations on
                                               * one UK calendar day … */
#define CPIS_PATTERN_SAME_DAY_NIGHT_HOURS 6   /* … or at most 6 hours apart across midnight */
#define CPIS_PATTERN_FREQUENT 10          /* or 10 or more attendances in the whole history */

/* The four rules; cpis_access_pattern_describe() says which fired */
typedef enum
{
  CPIS_ACCESS_PATTERN_RULE_VISITS        = 1 << 0, /* CPIS_PATTERN_VISITS or more attendances
                                                    * in CPIS_PATTERN_VISITS_DAYS days */
  CPIS_ACCESS_PATTERN_RULE_ORGANISATIONS = 1 << 1, /* CPIS_PATTERN_ORGANISATIONS or more
                                                    * organisations in
                                                    * CPIS_PATTERN_ORGANISATIONS_DAYS days */
  CPIS_ACCESS_PATTERN_RULE_SAME_DAY      = 1 << 2, /* several organisations on one day */
  CPIS_ACCESS_PATTERN_RULE_FREQUENT      = 1 << 3, /* CPIS_PATTERN_FREQUENT or more attendances
                                                    * in the whole history */
} CpisAccessPatternRules;

/* One of the two recent windows, [now - days, now] */
typedef struct
{
  int      days;           /* CPIS_PATTERN_VISITS_DAYS or CPIS_PATTERN_ORGANISATIONS_DAYS */
  guint    attendances;    /* attendances in it */
  guint    organisations;  /* different organisations among them */
  gboolean at_least;       /* the history may be cut inside the window: both counts are
                            * lower bounds ("at least 4", "3 or more") */
} CpisAccessPatternWindow;

/* The most recent day with accesses from several organisations */
typedef struct
{
  guint      organisations;  /* how many */
  GDateTime *first;          /* the first access of that day and the last (owned) */
  GDateTime *last;
} CpisAccessPatternSameDay;

/* The whole history given */
typedef struct
{
  guint    attendances;  /* all of them */
  GDate    first;        /* the UK dates of the oldest access and the newest */
  GDate    last;
  gboolean at_least;     /* the history may be cut: "at least N since first" */
} CpisAccessPatternFrequent;

/* What a history shows, for the application to say in words. Both windows
 * are always counted; same_day is filled when RULE_SAME_DAY fired, frequent
 * when RULE_FREQUENT did. FREQUENT is left out when a recent window that
 * fired already counts every attendance. */
typedef struct
{
  CpisAccessPatternRules    rules;          /* the rules that fired, never none */
  CpisAccessPatternWindow   visits;         /* the last CPIS_PATTERN_VISITS_DAYS days */
  CpisAccessPatternWindow   organisations;  /* the last CPIS_PATTERN_ORGANISATIONS_DAYS days */
  CpisAccessPatternSameDay  same_day;
  CpisAccessPatternFrequent frequent;
} CpisAccessPattern;

GType              cpis_access_pattern_get_type (void) G_GNUC_CONST;
#define CPIS_TYPE_ACCESS_PATTERN (cpis_access_pattern_get_type ())

/* @events: GListModel of CpisAccessEvent. @history_is_partial: TRUE when
 * @events may be only the most recent part of the history (the hub answers
 * a fixed number of the newest accesses, and this many came): counts that
 * reach back past the oldest access given are then lower bounds (at_least).
 * Returns the rules that fire and what they counted, or NULL when no
 * pattern shows. Windows end at @now; accesses after it are left out. */
CpisAccessPattern *cpis_access_pattern_describe (GListModel              *events,
                                                 GDateTime               *now,
                                                 gboolean                 history_is_partial);
CpisAccessPattern *cpis_access_pattern_copy     (const CpisAccessPattern *pattern);
void               cpis_access_pattern_free     (CpisAccessPattern       *pattern);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CpisAccessPattern, cpis_access_pattern_free)

G_END_DECLS
