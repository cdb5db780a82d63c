/* cpis-access-timeline.c: accesses drawn on a time axis, a row per organisation
 *
 * The axis runs from the oldest access (or 90 days back, whichever is earlier)
 * to "now"; each organisation has a row, its name at the left and a dot per
 * access. Left/Right move the selection to the previous/next access in time,
 * Up/Down to the nearest access of the row above/below, Home/End to the
 * oldest/newest. The selected access is drawn in the accent colour (with a
 * focus ring while the widget has the focus) and written out under the axis.
 *
 * A screen-reader user gets the same picture in words: the accessible
 * description always states how many accesses, from which organisations and
 * over what period, followed by the selected access.
 */
#include <glib/gi18n.h>

#include "cpis-access-timeline.h"

#include "cpis-access-event.h"
#include "cpis-access-text-private.h"
#include "cpis-date.h"
#include "cpis-list-text-private.h"

#define AXIS_MIN_DAYS   90   /* the axis covers at least the last 90 days */
#define PADDING         8
#define ROW_HEIGHT      28
#define AXIS_HEIGHT     28
#define CAPTION_HEIGHT  26   /* one line; two when the widget is narrow */
#define CAPTION_LINES   2
#define LABEL_GAP       12
#define LABEL_MAX_WIDTH 300
#define DOT_RADIUS      5.0f
#define SELECTED_RADIUS 7.0f
#define RING_RADIUS     11.0f
#define DOT_INSET       12   /* keeps the dots at either end whole */
#define NOW_LABEL_ROOM  8
#define HIT_RADIUS      10.0

typedef struct
{
  guint            index;  /* in the model */
  gint64           time;   /* Unix seconds */
  guint            row;    /* organisation row */
  CpisAccessEvent *event;
} Access;

typedef struct
{
  char   *key;      /* ODS code or else name, casefolded */
  char   *label;    /* as shown */
  guint   row;
  guint   n_accesses;
  gint64  latest;
} Organisation;

typedef struct
{
  float  label_width;  /* the organisation names at the left */
  float  axis_left;    /* the time axis, in widget coordinates */
  float  axis_right;
  float  rows_top;
  float  axis_y;       /* the axis line, under the rows */
  float  caption_y;
  guint  n_rows;
} Layout;

struct _CpisAccessTimeline
{
  GtkWidget   parent_instance;

  GListModel *model;
  GDateTime  *now;            /* NULL: the wall clock when the model was set */
  int         selected;       /* model index, -1 for none */

  GArray     *accesses;       /* Access, oldest first */
  GPtrArray  *organisations;  /* Organisation, the most recently seen first */
  gint64      axis_start;
  gint64      axis_end;
  gint64      now_time;
};

G_DEFINE_FINAL_TYPE (CpisAccessTimeline, cpis_access_timeline, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_NOW,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Rounds to a whole pixel, for crisp one-pixel lines (no libm needed) */
static inline float
snap (float value)
{
  return (float) (int) (value >= 0 ? value + 0.5f : value - 0.5f);
}

static void
access_clear (gpointer data)
{
  Access *access = data;

  g_clear_object (&access->event);
}

static void
organisation_free (gpointer data)
{
  Organisation *organisation = data;

  g_free (organisation->key);
  g_free (organisation->label);
  g_free (organisation);
}

static GDateTime *
uk_date_time (gint64 time)
{
  GTimeZone *tz = cpis_date_uk_time_zone ();
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time);

  return g_date_time_to_timezone (utc, tz);
}

/* "1 Sep", or "1 Sep 2026" with @with_year */
static char *
short_date (gint64   time,
            gboolean with_year)
{
  g_autoptr(GDateTime) local = uk_date_time (time);

  /* Translators: a day in g_date_time_format's notation ("1 Sep 2026", "1
   * Sep"); the month's name comes from the user's locale */
  return g_date_time_format (local, with_year ? C_("timeline", "%-d %b %Y") : C_("timeline", "%-d %b"));
}

static const Access *
get_access (CpisAccessTimeline *self,
            guint               position)
{
  return &g_array_index (self->accesses, Access, position);
}

/* The position on the axis (oldest first) of the access at model @index; -1 if not drawn */
static int
position_of_index (CpisAccessTimeline *self,
                   int                 index)
{
  if (index < 0)
    return -1;

  for (guint i = 0; i < self->accesses->len; i++)
    if (get_access (self, i)->index == (guint) index)
      return (int) i;

  return -1;
}

static char *
organisation_key (CpisAccessEvent *event)
{
  CpisPractitionerRole *role = cpis_access_event_get_practitioner_role (event);
  const char *key = NULL;

  if (role != NULL)
    {
      key = _cpis_nonempty (cpis_practitioner_role_get_organisation_code (role));
      if (key == NULL)
        key = _cpis_nonempty (cpis_practitioner_role_get_organisation_name (role));
    }

  return key != NULL ? g_utf8_casefold (key, -1) : g_strdup ("");
}

/* "Wed 25 Nov 2026, 14:02, Northgate General ED, Paula Palmer, Staff nurse" */
static char *
access_in_words (CpisAccessEvent *event,
                 const char      *separator)
{
  g_autofree char *when = NULL;
  const char *organisation = cpis_access_event_get_organisation_display (event);
  const char *viewer = cpis_access_event_get_viewer_name (event);
  const char *role = cpis_access_event_get_job_role_display (event);

  if (cpis_access_event_get_recorded (event) != NULL)
    when = cpis_date_time_format_uk (cpis_access_event_get_recorded (event));

  return g_strdup_printf ("%s%s%s%s%s, %s",
                          when != NULL ? when : _CPIS_UNKNOWN_TIME,
                          separator,
                          organisation != NULL ? organisation : _CPIS_UNKNOWN_ORGANISATION,
                          separator,
                          viewer != NULL ? viewer : _CPIS_UNKNOWN_VIEWER,
                          role != NULL ? role : _CPIS_UNKNOWN_ROLE);
}

/* "Selected: Wed 25 Nov 2026, 14:02, …", as written under the axis */
static char *
caption_text (CpisAccessEvent *event)
{
  g_autofree char *words = access_in_words (event, ", ");

  /* Translators: the access the user has moved to on the timeline */
  return g_strdup_printf (_("Selected: %s"), words);
}

static char *
selected_in_words (CpisAccessTimeline *self)
{
  g_autoptr(CpisAccessEvent) event = NULL;

  if (self->model == NULL || self->selected < 0)
    return NULL;

  event = g_list_model_get_item (self->model, (guint) self->selected);
  if (!CPIS_IS_ACCESS_EVENT (event))
    return NULL;

  return caption_text (event);
}

/* The organisations, as the summary names them: "Northgate General ED" when
 * each has one access, else "5 at Northgate General ED"; in a list */
static char *
organisations_in_words (CpisAccessTimeline *self,
                        gboolean            one_each)
{
  guint n_organisations = self->organisations->len;
  g_autoptr(GPtrArray) items = g_ptr_array_new_full (n_organisations, g_free);

  for (guint i = 0; i < n_organisations; i++)
    {
      const Organisation *organisation = g_ptr_array_index (self->organisations, i);

      if (one_each)
        g_ptr_array_add (items, g_strdup (organisation->label));
      else
        /* Translators: accesses from one organisation, in a list, e.g. "5 at
         * Northgate General ED" */
        g_ptr_array_add (items, g_strdup_printf (ngettext ("%u at %s", "%u at %s",
                                                           organisation->n_accesses),
                                                 organisation->n_accesses, organisation->label));
    }

  return _cpis_list_in_words ((const char * const *) items->pdata, items->len);
}

/* The whole picture: "12 accesses from 3 organisations between 1 Sep and
 * 25 Nov 2026: 5 at Northgate General ED, 4 at … and 3 at …." */
static char *
summary_in_words (CpisAccessTimeline *self)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *organisations = NULL;
  g_autofree char *from = NULL;
  guint n_accesses = self->accesses->len;
  guint n_organisations = self->organisations->len;
  gboolean one_each;
  gint64 oldest, newest;

  if (n_accesses == 0)
    return g_strdup (_("No accesses recorded."));

  oldest = get_access (self, 0)->time;
  newest = get_access (self, n_accesses - 1)->time;

  last = short_date (newest, TRUE);
  first = short_date (oldest, TRUE);
  if (g_strcmp0 (first, last) != 0)
    {
      g_autoptr(GDateTime) oldest_local = uk_date_time (oldest);
      g_autoptr(GDateTime) newest_local = uk_date_time (newest);
      gboolean same_year = g_date_time_get_year (oldest_local) == g_date_time_get_year (newest_local);

      g_free (first);
      first = short_date (oldest, !same_year);
    }
  else
    g_clear_pointer (&first, g_free);

  one_each = n_organisations == n_accesses;
  organisations = organisations_in_words (self, one_each);

  if (n_accesses == 1)
    /* Translators: a date, then the organisation: "1 access from 1
     * organisation on 25 Nov 2026: Northgate General ED." */
    return g_strdup_printf (_("1 access from 1 organisation on %s: %s."), last, organisations);

  /* One access from each organisation: one count */
  if (one_each && first == NULL)
    /* Translators: both numbers are the same; a date, then the list of
     * organisations: "2 accesses from 2 organisations on 25 Nov 2026: one
     * each at Northgate General ED and Southfield Walk-in Centre." */
    return g_strdup_printf (ngettext ("%u access from %u organisation on %s: one each at %s.",
                                      "%u accesses from %u organisations on %s: one each at %s.",
                                      n_accesses),
                            n_accesses, n_organisations, last, organisations);
  if (one_each)
    /* Translators: both numbers are the same; two dates, then the list of
     * organisations: "2 accesses from 2 organisations between 15 Jun and 24
     * Nov 2026: one each at Northgate General ED and Southfield Walk-in
     * Centre." */
    return g_strdup_printf (ngettext ("%u access from %u organisation between %s and %s: one each at %s.",
                                      "%u accesses from %u organisations between %s and %s: one each at %s.",
                                      n_accesses),
                            n_accesses, n_organisations, first, last, organisations);

  /* Two counts: the organisations' is a phrase of its own (gettext picks a
   * plural by one number) */
  /* Translators: a count, for "7 accesses from %s between 1 Sep and 25 Nov
   * 2026: …" */
  from = g_strdup_printf (ngettext ("%u organisation", "%u organisations", n_organisations),
                          n_organisations);

  if (first == NULL)
    /* Translators: a count of organisations, a date, then the list of
     * organisations with their accesses: "3 accesses from 1 organisation on
     * 25 Nov 2026: 3 at Northgate General ED." */
    return g_strdup_printf (ngettext ("%u access from %s on %s: %s.",
                                      "%u accesses from %s on %s: %s.",
                                      n_accesses),
                            n_accesses, from, last, organisations);

  /* Translators: a count of organisations, two dates, then the list of
   * organisations with their accesses: "7 accesses from 3 organisations
   * between 1 Sep and 25 Nov 2026: 4 at Northgate General ED, 2 at
   * Southfield Walk-in Centre and 1 at Eastbrook Minor Injuries Unit." */
  return g_strdup_printf (ngettext ("%u access from %s between %s and %s: %s.",
                                    "%u accesses from %s between %s and %s: %s.",
                                    n_accesses),
                          n_accesses, from, first, last, organisations);
}

static void
update_description (CpisAccessTimeline *self)
{
  g_autofree char *summary = summary_in_words (self);
  g_autofree char *selected = selected_in_words (self);
  g_autofree char *description = NULL;

  if (selected != NULL)
    description = g_strdup_printf ("%s %s.", summary, selected);
  else
    description = g_steal_pointer (&summary);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static int
compare_accesses (gconstpointer a,
                  gconstpointer b)
{
  const Access *access_a = a;
  const Access *access_b = b;

  if (access_a->time != access_b->time)
    return access_a->time < access_b->time ? -1 : 1;

  /* The same moment: the model has the newest first, so a later index is older */
  return access_a->index > access_b->index ? -1 : (access_a->index < access_b->index);
}

static int
compare_organisations (gconstpointer a,
                       gconstpointer b)
{
  const Organisation *organisation_a = *(Organisation * const *) a;
  const Organisation *organisation_b = *(Organisation * const *) b;

  if (organisation_a->latest != organisation_b->latest)
    return organisation_a->latest > organisation_b->latest ? -1 : 1;

  return g_utf8_collate (organisation_a->label, organisation_b->label);
}

/* Reads the model into accesses (oldest first) and organisation rows */
static void
rebuild (CpisAccessTimeline *self)
{
  g_autoptr(GHashTable) rows = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) wall_clock = NULL;
  guint n_items = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;

  g_array_set_size (self->accesses, 0);
  g_ptr_array_set_size (self->organisations, 0);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(CpisAccessEvent) event = g_list_model_get_item (self->model, i);
      g_autofree char *key = NULL;
      Organisation *organisation;
      Access access;

      if (!CPIS_IS_ACCESS_EVENT (event) || cpis_access_event_get_recorded (event) == NULL)
        continue;

      access.index = i;
      access.time = g_date_time_to_unix (cpis_access_event_get_recorded (event));
      access.event = g_object_ref (event);

      key = organisation_key (event);
      organisation = g_hash_table_lookup (rows, key);
      if (organisation == NULL)
        {
          const char *label = cpis_access_event_get_organisation_display (event);

          organisation = g_new0 (Organisation, 1);
          organisation->key = g_steal_pointer (&key);
          organisation->label = g_strdup (label != NULL ? label : _CPIS_UNKNOWN_ORGANISATION);
          organisation->latest = access.time;
          g_ptr_array_add (self->organisations, organisation);
          g_hash_table_insert (rows, organisation->key, organisation);
        }

      organisation->n_accesses++;
      organisation->latest = MAX (organisation->latest, access.time);
      g_array_append_val (self->accesses, access);
    }

  /* Rows: the organisation seen most recently at the top */
  g_ptr_array_sort (self->organisations, compare_organisations);
  for (guint r = 0; r < self->organisations->len; r++)
    ((Organisation *) g_ptr_array_index (self->organisations, r))->row = r;

  for (guint i = 0; i < self->accesses->len; i++)
    {
      Access *access = &g_array_index (self->accesses, Access, i);
      g_autofree char *key = organisation_key (access->event);
      Organisation *organisation = g_hash_table_lookup (rows, key);

      g_assert (organisation != NULL);
      access->row = organisation->row;
    }

  g_array_sort (self->accesses, compare_accesses);

  /* The axis: from the oldest access, or 90 days back, to now */
  if (self->now != NULL)
    self->now_time = g_date_time_to_unix (self->now);
  else
    {
      wall_clock = g_date_time_new_now_utc ();
      self->now_time = g_date_time_to_unix (wall_clock);
    }

  self->axis_end = self->now_time;
  self->axis_start = self->now_time - (gint64) AXIS_MIN_DAYS * 24 * 60 * 60;
  if (self->accesses->len > 0)
    {
      self->axis_start = MIN (self->axis_start, get_access (self, 0)->time);
      /* A clock running ahead must not put an access off the end */
      self->axis_end = MAX (self->axis_end, get_access (self, self->accesses->len - 1)->time);
    }

  if (self->selected >= (int) n_items)
    {
      self->selected = -1;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
    }

  update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* Colours */

static void
get_colors (CpisAccessTimeline *self,
            GdkRGBA            *foreground,
            GdkRGBA            *accent)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (GTK_WIDGET (self), foreground);
#else
  gtk_style_context_get_color (context, foreground);
#endif

  /* libadwaita's accent, readable on the view's background in light and dark */
  if (!gtk_style_context_lookup_color (context, "accent_color", accent))
    gdk_rgba_parse (accent, "#1c71d8");
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static GdkRGBA
with_alpha (const GdkRGBA *color,
            float          alpha)
{
  GdkRGBA result = *color;

  result.alpha *= alpha;
  return result;
}

/* Geometry */

static PangoLayout *
create_layout (CpisAccessTimeline *self,
               const char         *text)
{
  return gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
}

static int
text_width (CpisAccessTimeline *self,
            const char         *text)
{
  g_autoptr(PangoLayout) layout = create_layout (self, text);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

static float
natural_label_width (CpisAccessTimeline *self)
{
  int widest = 0;

  for (guint r = 0; r < self->organisations->len; r++)
    {
      const Organisation *organisation = g_ptr_array_index (self->organisations, r);

      widest = MAX (widest, text_width (self, organisation->label));
    }

  return (float) MIN (widest, LABEL_MAX_WIDTH);
}

/* The line under the axis: the selected access in words, or a hint.
 * Wraps onto a second line in a narrow widget rather than losing the end. */
static PangoLayout *
create_caption_layout (CpisAccessTimeline *self,
                       const char         *text,
                       int                 width)
{
  PangoLayout *caption = create_layout (self, text);

  pango_layout_set_width (caption, MAX (width - 2 * PADDING, 1) * PANGO_SCALE);
  pango_layout_set_wrap (caption, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_height (caption, -CAPTION_LINES);
  pango_layout_set_ellipsize (caption, PANGO_ELLIPSIZE_END);

  return caption;
}

/* Room for the longest caption at @width, so that moving never resizes the widget */
static int
caption_height (CpisAccessTimeline *self,
                int                 width)
{
  int height = CAPTION_HEIGHT;

  if (width < 0)
    return height;

  for (guint i = 0; i < self->accesses->len; i++)
    {
      g_autofree char *text = caption_text (get_access (self, i)->event);
      g_autoptr(PangoLayout) caption = create_caption_layout (self, text, width);
      int text_height;

      pango_layout_get_pixel_size (caption, NULL, &text_height);
      height = MAX (height, text_height + 8);
    }

  return height;
}

static guint
n_rows (CpisAccessTimeline *self)
{
  return MAX (self->organisations->len, 1);
}

static void
compute_layout (CpisAccessTimeline *self,
                int                 width,
                Layout             *layout)
{
  float label_width = natural_label_width (self);

  /* Never more than 40% of the width for the names */
  label_width = MIN (label_width, (float) width * 0.4f);

  layout->label_width = label_width;
  layout->n_rows = n_rows (self);
  layout->axis_left = PADDING + label_width + LABEL_GAP + DOT_INSET;
  layout->axis_right = MAX (layout->axis_left + 1, (float) width - PADDING - NOW_LABEL_ROOM - DOT_INSET);
  layout->rows_top = PADDING;
  layout->axis_y = layout->rows_top + (float) layout->n_rows * ROW_HEIGHT;
  layout->caption_y = layout->axis_y + AXIS_HEIGHT;
}

static float
x_for_time (CpisAccessTimeline *self,
            const Layout       *layout,
            gint64              time)
{
  double span = (double) MAX (self->axis_end - self->axis_start, 1);
  double fraction = (double) (time - self->axis_start) / span;

  return layout->axis_left + (float) (fraction * (layout->axis_right - layout->axis_left));
}

static float
y_for_row (const Layout *layout,
           guint         row)
{
  return layout->rows_top + (float) row * ROW_HEIGHT + ROW_HEIGHT / 2.0f;
}

/* The position (oldest first) of the access drawn under (@x, @y), or -1 */
static int
access_at_point (CpisAccessTimeline *self,
                 double              x,
                 double              y)
{
  Layout layout;
  double best = HIT_RADIUS * HIT_RADIUS;
  int found = -1;

  compute_layout (self, gtk_widget_get_width (GTK_WIDGET (self)), &layout);

  for (guint i = 0; i < self->accesses->len; i++)
    {
      const Access *access = get_access (self, i);
      double dx = x - x_for_time (self, &layout, access->time);
      double dy = y - y_for_row (&layout, access->row);
      double distance = dx * dx + dy * dy;

      /* Among overlapping dots the newest (drawn on top) wins */
      if (distance <= best)
        {
          best = distance;
          found = (int) i;
        }
    }

  return found;
}

/* Drawing */

static void
append_circle (GtkSnapshot   *snapshot,
               float          cx,
               float          cy,
               float          radius,
               const GdkRGBA *color)
{
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (cx - radius, cy - radius, 2 * radius, 2 * radius);
  GskRoundedRect circle;

  gsk_rounded_rect_init_from_rect (&circle, &bounds, radius);
  gtk_snapshot_push_rounded_clip (snapshot, &circle);
  gtk_snapshot_append_color (snapshot, color, &bounds);
  gtk_snapshot_pop (snapshot);
}

static void
append_ring (GtkSnapshot   *snapshot,
             float          cx,
             float          cy,
             float          radius,
             float          line_width,
             const GdkRGBA *color)
{
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (cx - radius, cy - radius, 2 * radius, 2 * radius);
  const float widths[4] = { line_width, line_width, line_width, line_width };
  const GdkRGBA colors[4] = { *color, *color, *color, *color };
  GskRoundedRect circle;

  gsk_rounded_rect_init_from_rect (&circle, &bounds, radius);
  gtk_snapshot_append_border (snapshot, &circle, widths, colors);
}

static void
append_rect (GtkSnapshot   *snapshot,
             float          x,
             float          y,
             float          width,
             float          height,
             const GdkRGBA *color)
{
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y, width, height));
}

static void
append_text (CpisAccessTimeline *self,
             GtkSnapshot        *snapshot,
             PangoLayout        *layout,
             float               x,
             float               y,
             const GdkRGBA      *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/* Month labels (and weekly ticks when there is room) along the axis */
static void
draw_axis (CpisAccessTimeline *self,
           GtkSnapshot        *snapshot,
           const Layout       *layout,
           const GdkRGBA      *foreground,
           float               now_label_left)
{
  GTimeZone *tz = cpis_date_uk_time_zone ();
  g_autoptr(GDateTime) start = uk_date_time (self->axis_start);
  g_autoptr(GDateTime) month = NULL;
  g_autoptr(GDateTime) day = NULL;
  GdkRGBA axis_color = with_alpha (foreground, 0.55f);
  GdkRGBA grid_color = with_alpha (foreground, 0.10f);
  float axis_width = layout->axis_right - layout->axis_left;
  double span_days = (double) MAX (self->axis_end - self->axis_start, 1) / (24.0 * 60 * 60);
  double month_pixels = axis_width * 30.44 / span_days;
  double week_pixels = axis_width * 7.0 / span_days;
  int label_room = text_width (self, "Sep 2026") + 12;
  static const int steps[] = { 1, 2, 3, 6, 12, 24, 60 };
  int step = steps[G_N_ELEMENTS (steps) - 1];
  float previous_label_right = -G_MAXFLOAT;
  gboolean first_label = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (month_pixels * steps[i] >= label_room)
      {
        step = steps[i];
        break;
      }

  /* The axis line */
  append_rect (snapshot, layout->axis_left - DOT_INSET, layout->axis_y,
               axis_width + 2 * DOT_INSET, 1, &axis_color);

  /* Weekly ticks, on Mondays */
  if (week_pixels >= 6)
    {
      int to_monday = (8 - g_date_time_get_day_of_week (start)) % 7;

      day = g_date_time_new (tz,
                             g_date_time_get_year (start),
                             g_date_time_get_month (start),
                             g_date_time_get_day_of_month (start), 0, 0, 0);
      while (to_monday-- > 0)
        {
          GDateTime *next = g_date_time_add_days (day, 1);

          g_date_time_unref (day);
          day = next;
        }

      while (g_date_time_to_unix (day) <= self->axis_end)
        {
          float x = x_for_time (self, layout, g_date_time_to_unix (day));
          GDateTime *next;

          if (g_date_time_to_unix (day) >= self->axis_start)
            append_rect (snapshot, snap (x), layout->axis_y, 1, 4, &axis_color);
          next = g_date_time_add_weeks (day, 1);
          g_date_time_unref (day);
          day = next;
        }
    }

  /* Months: a grid line and tick at each first day; a label every @step months */
  month = g_date_time_new (tz, g_date_time_get_year (start), g_date_time_get_month (start), 1, 0, 0, 0);
  while (g_date_time_to_unix (month) <= self->axis_end)
    {
      gint64 time = g_date_time_to_unix (month);
      int month_number = g_date_time_get_month (month);
      GDateTime *next;

      if (time >= self->axis_start)
        {
          float x = snap (x_for_time (self, layout, time));

          append_rect (snapshot, x, layout->rows_top, 1, layout->axis_y - layout->rows_top, &grid_color);
          append_rect (snapshot, x, layout->axis_y, 1, 7, &axis_color);

          if ((month_number - 1) % step == 0)
            {
              g_autofree char *text = NULL;
              g_autoptr(PangoLayout) label = NULL;
              int label_width;

              /* Translators: the timeline's month labels, in g_date_time_format's
               * notation ("Sep 2026", "Oct"); %Ob is the month's abbreviated name
               * standing alone (not after a day), from the user's locale */
              text = g_date_time_format (month, first_label || month_number == 1 ? C_("timeline", "%Ob %Y")
                                                                                 : C_("timeline", "%Ob"));

              label = create_layout (self, text);
              pango_layout_get_pixel_size (label, &label_width, NULL);

              if (x + 3 > previous_label_right + 8 && x + 3 + label_width < now_label_left - 8)
                {
                  append_text (self, snapshot, label, x + 3, layout->axis_y + 6, foreground);
                  previous_label_right = x + 3 + label_width;
                  first_label = FALSE;
                }
            }
        }

      next = g_date_time_add_months (month, 1);
      g_date_time_unref (month);
      month = next;
    }
}

static void
cpis_access_timeline_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  CpisAccessTimeline *self = CPIS_ACCESS_TIMELINE (widget);
  int width = gtk_widget_get_width (widget);
  GdkRGBA foreground, accent;
  GdkRGBA stripe, guide, dot, selected_row, dim;
  g_autoptr(PangoLayout) now_label = NULL;
  Layout layout;
  int selected_position = position_of_index (self, self->selected);
  const Access *selected_access = NULL;
  gboolean focused = gtk_widget_has_focus (widget);
  int now_width, now_height;
  float now_x;

  get_colors (self, &foreground, &accent);
  stripe = with_alpha (&foreground, 0.04f);
  guide = with_alpha (&foreground, 0.22f);
  dot = with_alpha (&foreground, 0.80f);
  selected_row = with_alpha (&accent, 0.14f);
  dim = with_alpha (&foreground, 0.65f);

  compute_layout (self, width, &layout);
  if (selected_position >= 0)
    selected_access = get_access (self, (guint) selected_position);

  /* Rows: a stripe on every other one, the selected one tinted, a guide line, the name */
  for (guint r = 0; r < layout.n_rows; r++)
    {
      float top = layout.rows_top + (float) r * ROW_HEIGHT;

      if (selected_access != NULL && selected_access->row == r)
        append_rect (snapshot, PADDING / 2, top, (float) width - PADDING, ROW_HEIGHT, &selected_row);
      else if (r % 2 == 1)
        append_rect (snapshot, PADDING / 2, top, (float) width - PADDING, ROW_HEIGHT, &stripe);

      if (r < self->organisations->len)
        {
          const Organisation *organisation = g_ptr_array_index (self->organisations, r);
          g_autoptr(PangoLayout) label = create_layout (self, organisation->label);
          int label_height;

          /* shortened at the end, as a name is read; whole in the tooltip and
           * the accessible description */
          pango_layout_set_width (label, (int) (layout.label_width * PANGO_SCALE));
          pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
          pango_layout_get_pixel_size (label, NULL, &label_height);
          append_text (self, snapshot, label, PADDING, top + (ROW_HEIGHT - label_height) / 2.0f,
                       &foreground);
          append_rect (snapshot, layout.axis_left - DOT_INSET, snap (y_for_row (&layout, r)),
                       layout.axis_right - layout.axis_left + 2 * DOT_INSET, 1, &guide);
        }
    }

  if (self->accesses->len == 0)
    {
      g_autoptr(PangoLayout) empty = create_layout (self, _("No accesses recorded"));
      int empty_width, empty_height;

      pango_layout_get_pixel_size (empty, &empty_width, &empty_height);
      append_text (self, snapshot, empty,
                   (layout.axis_left + layout.axis_right - (float) empty_width) / 2.0f,
                   layout.rows_top + (ROW_HEIGHT - empty_height) / 2.0f, &dim);
    }

  /* "Now", at the right-hand end */
  now_x = snap (x_for_time (self, &layout, self->now_time));
  now_label = create_layout (self, _("Now"));
  pango_layout_get_pixel_size (now_label, &now_width, &now_height);
  append_rect (snapshot, now_x - 1, layout.rows_top, 2, layout.axis_y - layout.rows_top + 7, &accent);
  append_text (self, snapshot, now_label,
               MIN (now_x - now_width / 2.0f, (float) width - PADDING / 2.0f - now_width),
               layout.axis_y + 6, &accent);

  draw_axis (self, snapshot, &layout, &foreground,
             MIN (now_x - now_width / 2.0f, (float) width - PADDING / 2.0f - now_width));

  /* The accesses, oldest first so that the newest are on top */
  for (guint i = 0; i < self->accesses->len; i++)
    {
      const Access *access = get_access (self, i);

      if (access == selected_access)
        continue;

      append_circle (snapshot, x_for_time (self, &layout, access->time), y_for_row (&layout, access->row),
                     DOT_RADIUS, &dot);
    }

  if (selected_access != NULL)
    {
      float x = x_for_time (self, &layout, selected_access->time);
      float y = y_for_row (&layout, selected_access->row);
      g_autofree char *text = caption_text (selected_access->event);
      g_autoptr(PangoLayout) caption = create_caption_layout (self, text, width);
      GdkRGBA drop = with_alpha (&accent, 0.6f);

      /* A line down to the axis, to read the date off */
      append_rect (snapshot, snap (x), y + SELECTED_RADIUS, 1, layout.axis_y - y - SELECTED_RADIUS, &drop);
      append_circle (snapshot, x, y, SELECTED_RADIUS, &accent);
      if (focused)
        append_ring (snapshot, x, y, RING_RADIUS, 2, &accent);

      append_text (self, snapshot, caption, PADDING, layout.caption_y + 4, &foreground);
    }
  else if (self->accesses->len > 0)
    {
      g_autoptr(PangoLayout) hint =
        create_caption_layout (self, _("Use the arrow keys or click a dot to see an access"), width);

      append_text (self, snapshot, hint, PADDING, layout.caption_y + 4, &dim);
    }
}

static GtkSizeRequestMode
cpis_access_timeline_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
cpis_access_timeline_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  CpisAccessTimeline *self = CPIS_ACCESS_TIMELINE (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int label_width = (int) natural_label_width (self);

      /* small enough for a 360 px window: the names give way (40% at most) */
      *minimum = 280;
      *natural = MAX (480, 2 * PADDING + label_width + LABEL_GAP + 420);
    }
  else
    {
      *minimum = *natural = (2 * PADDING + (int) n_rows (self) * ROW_HEIGHT + AXIS_HEIGHT +
                             caption_height (self, for_size));
    }
}

/* Selection moves */

static void
select_position (CpisAccessTimeline *self,
                 int                 position)
{
  if (self->accesses->len == 0)
    return;

  position = CLAMP (position, 0, (int) self->accesses->len - 1);
  cpis_access_timeline_set_selected (self, (int) get_access (self, (guint) position)->index);
}

static void
select_previous_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CpisAccessTimeline *self = CPIS_ACCESS_TIMELINE (widget);
  int position = position_of_index (self, self->selected);

  /* From nothing, start at the newest: the access that matters most */
  select_position (self, position < 0 ? (int) self->accesses->len - 1 : position - 1);
}

static void
select_next_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CpisAccessTimeline *self = CPIS_ACCESS_TIMELINE (widget);
  int position = position_of_index (self, self->selected);

  select_position (self, position < 0 ? (int) self->accesses->len - 1 : position + 1);
}

static void
select_first_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  select_position (CPIS_ACCESS_TIMELINE (widget), 0);
}

static void
select_last_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CpisAccessTimeline *self = CPIS_ACCESS_TIMELINE (widget);

  select_position (self, (int) self->accesses->len - 1);
}

/* Up/Down: the access nearest in time on the row above/below */
static void
select_row (CpisAccessTimeline *self,
            int                 direction)
{
  int position = position_of_index (self, self->selected);
  const Access *current;
  int target_row;
  int best = -1;
  gint64 best_distance = G_MAXINT64;

  if (position < 0)
    {
      select_position (self, (int) self->accesses->len - 1);
      return;
    }

  current = get_access (self, (guint) position);
  target_row = (int) current->row + direction;
  if (target_row < 0 || target_row >= (int) self->organisations->len)
    return;

  for (guint i = 0; i < self->accesses->len; i++)
    {
      const Access *access = get_access (self, i);
      gint64 distance;

      if ((int) access->row != target_row)
        continue;

      distance = ABS (access->time - current->time);
      if (distance <= best_distance)
        {
          best_distance = distance;
          best = (int) i;
        }
    }

  if (best >= 0)
    select_position (self, best);
}

static void
select_row_up_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  select_row (CPIS_ACCESS_TIMELINE (widget), -1);
}

static void
select_row_down_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  select_row (CPIS_ACCESS_TIMELINE (widget), 1);
}

/* Signal callbacks */

static void
items_changed_cb (CpisAccessTimeline *self,
                  guint               position,
                  guint               removed,
                  guint               added,
                  GListModel         *model)
{
  rebuild (self);
}

static void
pressed_cb (GtkGestureClick    *gesture,
            int                 n_press,
            double              x,
            double              y,
            CpisAccessTimeline *self)
{
  int position = access_at_point (self, x, y);

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (position >= 0)
    select_position (self, position);
}

static void
focus_enter_cb (GtkEventControllerFocus *controller,
                CpisAccessTimeline      *self)
{
  /* Arriving with the keyboard: start on the newest access, so there is
   * something to read out and something to move from */
  if (self->selected < 0 && self->accesses->len > 0)
    select_position (self, (int) self->accesses->len - 1);

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
focus_leave_cb (GtkEventControllerFocus *controller,
                CpisAccessTimeline      *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Overrides */

static gboolean
cpis_access_timeline_query_tooltip (GtkWidget  *widget,
                                    int         x,
                                    int         y,
                                    gboolean    keyboard_tooltip,
                                    GtkTooltip *tooltip)
{
  CpisAccessTimeline *self = CPIS_ACCESS_TIMELINE (widget);
  const Access *access;
  g_autofree char *text = NULL;
  Layout layout;
  int position;
  float cx, cy;

  if (keyboard_tooltip)
    position = position_of_index (self, self->selected);
  else
    position = access_at_point (self, x, y);

  compute_layout (self, gtk_widget_get_width (widget), &layout);

  /* over an organisation's name: the whole name */
  if (position < 0 && !keyboard_tooltip && x < layout.axis_left - DOT_INSET && y >= layout.rows_top)
    {
      guint row = (guint) ((y - layout.rows_top) / ROW_HEIGHT);

      if (row < self->organisations->len)
        {
          const Organisation *organisation = g_ptr_array_index (self->organisations, row);

          gtk_tooltip_set_text (tooltip, organisation->label);
          gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) {
                                      PADDING, (int) (layout.rows_top + row * ROW_HEIGHT),
                                      (int) layout.label_width, ROW_HEIGHT });
          return TRUE;
        }
    }

  if (position < 0)
    return FALSE;

  access = get_access (self, (guint) position);
  text = access_in_words (access->event, "\n");
  gtk_tooltip_set_text (tooltip, text);

  cx = x_for_time (self, &layout, access->time);
  cy = y_for_row (&layout, access->row);
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) {
                              (int) (cx - HIT_RADIUS), (int) (cy - HIT_RADIUS),
                              (int) (2 * HIT_RADIUS), (int) (2 * HIT_RADIUS) });

  return TRUE;
}

static void
cpis_access_timeline_dispose (GObject *object)
{
  CpisAccessTimeline *self = (CpisAccessTimeline *) object;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, items_changed_cb, self);
  g_clear_object (&self->model);
  g_clear_pointer (&self->now, g_date_time_unref);
  if (self->accesses != NULL)
    g_array_set_size (self->accesses, 0);
  if (self->organisations != NULL)
    g_ptr_array_set_size (self->organisations, 0);

  G_OBJECT_CLASS (cpis_access_timeline_parent_class)->dispose (object);
}

static void
cpis_access_timeline_finalize (GObject *object)
{
  CpisAccessTimeline *self = (CpisAccessTimeline *) object;

  g_clear_pointer (&self->accesses, g_array_unref);
  g_clear_pointer (&self->organisations, g_ptr_array_unref);

  G_OBJECT_CLASS (cpis_access_timeline_parent_class)->finalize (object);
}

static void
cpis_access_timeline_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CpisAccessTimeline *self = CPIS_ACCESS_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    case PROP_NOW:
      g_value_set_boxed (value, self->now);
      break;

    case PROP_SELECTED:
      g_value_set_int (value, self->selected);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cpis_access_timeline_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  CpisAccessTimeline *self = CPIS_ACCESS_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      cpis_access_timeline_set_model (self, g_value_get_object (value));
      break;

    case PROP_NOW:
      cpis_access_timeline_set_now (self, g_value_get_boxed (value));
      break;

    case PROP_SELECTED:
      cpis_access_timeline_set_selected (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_binding (GtkWidgetClass *widget_class,
             guint           keyval,
             guint           keypad_keyval,
             const char     *action_name)
{
  gtk_widget_class_add_binding_action (widget_class, keyval, 0, action_name, NULL);
  gtk_widget_class_add_binding_action (widget_class, keypad_keyval, 0, action_name, NULL);
}

static void
cpis_access_timeline_class_init (CpisAccessTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cpis_access_timeline_dispose;
  object_class->finalize = cpis_access_timeline_finalize;
  object_class->get_property = cpis_access_timeline_get_property;
  object_class->set_property = cpis_access_timeline_set_property;

  widget_class->get_request_mode = cpis_access_timeline_get_request_mode;
  widget_class->snapshot = cpis_access_timeline_snapshot;
  widget_class->measure = cpis_access_timeline_measure;
  widget_class->query_tooltip = cpis_access_timeline_query_tooltip;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", "Model", "The accesses (CpisAccessEvent)",
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_NOW] =
    g_param_spec_boxed ("now", "Now", "The right-hand end of the axis (NULL: the wall clock)",
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SELECTED] =
    g_param_spec_int ("selected", "Selected", "The model index of the selected access, -1 for none",
                      -1, G_MAXINT, -1,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "timeline.select-previous", NULL, select_previous_cb);
  gtk_widget_class_install_action (widget_class, "timeline.select-next", NULL, select_next_cb);
  gtk_widget_class_install_action (widget_class, "timeline.select-first", NULL, select_first_cb);
  gtk_widget_class_install_action (widget_class, "timeline.select-last", NULL, select_last_cb);
  gtk_widget_class_install_action (widget_class, "timeline.select-row-up", NULL, select_row_up_cb);
  gtk_widget_class_install_action (widget_class, "timeline.select-row-down", NULL, select_row_down_cb);

  add_binding (widget_class, GDK_KEY_Left, GDK_KEY_KP_Left, "timeline.select-previous");
  add_binding (widget_class, GDK_KEY_Right, GDK_KEY_KP_Right, "timeline.select-next");
  add_binding (widget_class, GDK_KEY_Home, GDK_KEY_KP_Home, "timeline.select-first");
  add_binding (widget_class, GDK_KEY_End, GDK_KEY_KP_End, "timeline.select-last");
  add_binding (widget_class, GDK_KEY_Up, GDK_KEY_KP_Up, "timeline.select-row-up");
  add_binding (widget_class, GDK_KEY_Down, GDK_KEY_KP_Down, "timeline.select-row-down");

  gtk_widget_class_set_css_name (widget_class, "accesstimeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cpis_access_timeline_init (CpisAccessTimeline *self)
{
  GtkGesture *click;
  GtkEventController *focus;

  self->selected = -1;
  self->accesses = g_array_new (FALSE, FALSE, sizeof (Access));
  g_array_set_clear_func (self->accesses, access_clear);
  self->organisations = g_ptr_array_new_with_free_func (organisation_free);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "enter", G_CALLBACK (focus_enter_cb), self);
  g_signal_connect (focus, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Access timeline"),
                                  -1);
  rebuild (self);
}

GtkWidget *
cpis_access_timeline_new (void)
{
  return g_object_new (CPIS_TYPE_ACCESS_TIMELINE, NULL);
}

void
cpis_access_timeline_set_model (CpisAccessTimeline *self,
                                GListModel         *events)
{
  g_return_if_fail (CPIS_IS_ACCESS_TIMELINE (self));
  g_return_if_fail (events == NULL || G_IS_LIST_MODEL (events));

  if (self->model == events)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, items_changed_cb, self);

  g_set_object (&self->model, events);

  if (self->model != NULL)
    g_signal_connect_object (self->model, "items-changed",
                             G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);

  /* Another child's history: nothing is selected in it yet */
  if (self->selected != -1)
    {
      self->selected = -1;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
    }

  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

GListModel *
cpis_access_timeline_get_model (CpisAccessTimeline *self)
{
  g_return_val_if_fail (CPIS_IS_ACCESS_TIMELINE (self), NULL);

  return self->model;
}

void
cpis_access_timeline_set_now (CpisAccessTimeline *self,
                              GDateTime          *now)
{
  g_return_if_fail (CPIS_IS_ACCESS_TIMELINE (self));

  if (self->now == now)
    return;

  g_clear_pointer (&self->now, g_date_time_unref);
  if (now != NULL)
    self->now = g_date_time_ref (now);

  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOW]);
}

int
cpis_access_timeline_get_selected (CpisAccessTimeline *self)
{
  g_return_val_if_fail (CPIS_IS_ACCESS_TIMELINE (self), -1);

  return self->selected;
}

void
cpis_access_timeline_set_selected (CpisAccessTimeline *self,
                                   int                 index)
{
  guint n_items;

  g_return_if_fail (CPIS_IS_ACCESS_TIMELINE (self));
  g_return_if_fail (index >= -1);

  n_items = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
  if (index >= (int) n_items)
    index = -1;

  if (self->selected == index)
    return;

  self->selected = index;
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}
