/* cpis-task-query.h: what a search for notifications asks the hub for
 * (GET [base]/Task?…, docs/api.md "Notifications: Task")
 *
 * A plain struct: cpis_task_query_init() gives the hub's defaults (every
 * notification of the LA, newest first, 50 a page), and the caller sets
 * what it wants. The strings and dates are borrowed.
 */
#pragma once

#include <glib.h>

#include "cpis-task-codes.h"

G_BEGIN_DECLS

/* The orders the hub sorts by (_sort); ties are broken by id */
typedef enum
{
  CPIS_TASK_SORT_AUTHORED_ON,   /* "authored-on": when raised */
  CPIS_TASK_SORT_LAST_UPDATED,  /* "_lastUpdated": when last changed */
  CPIS_TASK_SORT_STATUS,        /* "status" */
} CpisTaskSort;

/* The hub's "out-of-area" parameter */
typedef enum
{
  CPIS_TASK_AREA_ANY,           /* not asked */
  CPIS_TASK_AREA_OUT_OF_AREA,   /* out-of-area=true */
  CPIS_TASK_AREA_IN_AREA,       /* out-of-area=false */
} CpisTaskArea;

/* The most a page may hold (the hub takes more as this) */
#define CPIS_TASK_QUERY_MAX_COUNT 500

typedef struct
{
  guint              statuses;        /* CPIS_TASK_STATUS_BIT () of each status wanted; 0: any */
  CpisTaskKind       kind;            /* UNRECOGNISED: any kind */
  const char        *nhs_number;      /* one child (spaces and dashes allowed); NULL: any */
  CpisTaskOwnerKind  owner_kind;      /* with owner_id */
  const char        *owner_id;        /* the owner's ODS code, team id or PractitionerRole id;
                                         NULL: any owner */
  GDateTime         *authored_from;   /* raised at or after (authored-on=ge); NULL: no bound */
  GDateTime         *authored_before; /* raised before (authored-on=lt); NULL: no bound */
  GDateTime         *updated_since;   /* changed or raised after (_lastUpdated=gt); NULL */
  CpisTaskArea       area;
  CpisTaskSort       sort;
  gboolean           ascending;       /* FALSE (the default): newest, or last status, first */
  guint              count;           /* the page size; 0: the hub's default (50); more than
                                         CPIS_TASK_QUERY_MAX_COUNT is taken as that */
  guint              offset;          /* where the page starts (_offset); 0: the first. A
                                         later page is better had by the answer's links */
  gboolean           include_access;  /* _include=Task:focus: each Task's access and viewer */
} CpisTaskQuery;

/* Every notification, newest first, the hub's page size, no includes */
void   cpis_task_query_init      (CpisTaskQuery       *query);
/* The query string (after "?"), every value percent-encoded; NULL with a
 * CPIS_NHS_NUMBER_ERROR if @query's NHS number is not a valid one, or a
 * G_IO_ERROR_INVALID_ARGUMENT for an owner kind without an id */
char  *cpis_task_query_to_string (const CpisTaskQuery *query,
                                  GError             **error);

G_END_DECLS
