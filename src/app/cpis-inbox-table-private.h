/* cpis-inbox-table-private.h: what the tests read of an inbox table */
#pragma once

#include "cpis-inbox-table.h"

G_BEGIN_DECLS

/* A cell bound now (on screen, or about to be) */
typedef struct
{
  guint     position;  /* its row's place in the inbox */
  guint     column;    /* its column, in the table's order */
  CpisTask *task;      /* the notification it is bound to */
  const char *text;    /* what it shows */
  char     *expected;  /* what the table shows of @task in that column */
  gboolean  bold;      /* drawn in bold */
  gboolean  selected;  /* its row is selected */
} CpisInboxTableCell;

/* (transfer full): every cell bound now, in no order (freeing the array
 * frees them) */
GArray *_cpis_inbox_table_get_cells (CpisInboxTable *self);

G_END_DECLS
