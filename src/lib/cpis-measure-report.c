/* cpis-measure-report.c: an area's figures for a period */

#include "cpis-measure-report.h"

struct _CpisMeasureReport
{
  GObject    parent_instance;

  char      *measure;
  char      *period_start;
  char      *period_end;
  char      *reporter;
  GPtrArray *groups;  /* CpisMeasureGroup */
};

G_DEFINE_FINAL_TYPE (CpisMeasureReport, cpis_measure_report, G_TYPE_OBJECT)

static void
stratum_free (CpisMeasureStratum *stratum)
{
  g_free (stratum->value);
  g_free (stratum->text);
  g_free (stratum->kind);
  g_free (stratum->last_check);
  g_free (stratum);
}

CpisMeasureStratifier *
cpis_measure_stratifier_new (const char *code,
                             const char *text)
{
  CpisMeasureStratifier *stratifier = g_new0 (CpisMeasureStratifier, 1);

  stratifier->code = g_strdup (code);
  stratifier->text = g_strdup (text);
  stratifier->strata = g_ptr_array_new_with_free_func ((GDestroyNotify) stratum_free);
  return stratifier;
}

void
cpis_measure_stratifier_free (CpisMeasureStratifier *stratifier)
{
  if (stratifier == NULL)
    return;

  g_free (stratifier->code);
  g_free (stratifier->text);
  g_ptr_array_unref (stratifier->strata);
  g_free (stratifier);
}

CpisMeasureStratum *
cpis_measure_stratifier_add (CpisMeasureStratifier *stratifier,
                             const char            *value,
                             const char            *text,
                             gint64                 count)
{
  CpisMeasureStratum *stratum;

  g_return_val_if_fail (stratifier != NULL, NULL);
  g_return_val_if_fail (count >= 0 || count == CPIS_MEASURE_SUPPRESSED || count == CPIS_MEASURE_HIDDEN, NULL);

  stratum = g_new0 (CpisMeasureStratum, 1);
  stratum->value = g_strdup (value);
  stratum->text = g_strdup (text);
  stratum->count = count;
  g_ptr_array_add (stratifier->strata, stratum);
  return stratum;
}

CpisMeasureGroup *
cpis_measure_group_new (const char *code,
                        const char *text)
{
  CpisMeasureGroup *group = g_new0 (CpisMeasureGroup, 1);

  group->code = g_strdup (code);
  group->text = g_strdup (text);
  group->count = CPIS_MEASURE_NO_COUNT;
  group->denominator = CPIS_MEASURE_NO_COUNT;
  group->score = CPIS_MEASURE_NO_COUNT;
  group->stratifiers = g_ptr_array_new_with_free_func ((GDestroyNotify) cpis_measure_stratifier_free);
  return group;
}

void
cpis_measure_group_free (CpisMeasureGroup *group)
{
  if (group == NULL)
    return;

  g_free (group->code);
  g_free (group->text);
  g_ptr_array_unref (group->stratifiers);
  g_free (group);
}

const CpisMeasureStratifier *
cpis_measure_group_lookup_stratifier (const CpisMeasureGroup *group,
                                      const char             *code)
{
  g_return_val_if_fail (group != NULL, NULL);

  for (guint i = 0; i < group->stratifiers->len; i++)
    {
      const CpisMeasureStratifier *stratifier = group->stratifiers->pdata[i];

      if (g_strcmp0 (stratifier->code, code) == 0)
        return stratifier;
    }
  return NULL;
}

static void
cpis_measure_report_finalize (GObject *object)
{
  CpisMeasureReport *self = CPIS_MEASURE_REPORT (object);

  g_free (self->measure);
  g_free (self->period_start);
  g_free (self->period_end);
  g_free (self->reporter);
  g_ptr_array_unref (self->groups);

  G_OBJECT_CLASS (cpis_measure_report_parent_class)->finalize (object);
}

static void
cpis_measure_report_class_init (CpisMeasureReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cpis_measure_report_finalize;
}

static void
cpis_measure_report_init (CpisMeasureReport *self)
{
  self->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) cpis_measure_group_free);
}

CpisMeasureReport *
cpis_measure_report_new (const char *measure,
                         const char *period_start,
                         const char *period_end,
                         const char *reporter)
{
  CpisMeasureReport *self = g_object_new (CPIS_TYPE_MEASURE_REPORT, NULL);

  self->measure = g_strdup (measure);
  self->period_start = g_strdup (period_start);
  self->period_end = g_strdup (period_end);
  self->reporter = g_strdup (reporter);
  return self;
}

void
cpis_measure_report_add_group (CpisMeasureReport *self,
                               CpisMeasureGroup  *group)
{
  g_return_if_fail (CPIS_IS_MEASURE_REPORT (self));
  g_return_if_fail (group != NULL);

  g_ptr_array_add (self->groups, group);
}

#define GETTER(field) \
  const char *cpis_measure_report_get_##field (CpisMeasureReport *self) \
  { \
    g_return_val_if_fail (CPIS_IS_MEASURE_REPORT (self), NULL); \
    return self->field; \
  }

GETTER (measure)
GETTER (period_start)
GETTER (period_end)
GETTER (reporter)

guint
cpis_measure_report_get_n_groups (CpisMeasureReport *self)
{
  g_return_val_if_fail (CPIS_IS_MEASURE_REPORT (self), 0);

  return self->groups->len;
}

const CpisMeasureGroup *
cpis_measure_report_get_group (CpisMeasureReport *self,
                               guint              index)
{
  g_return_val_if_fail (CPIS_IS_MEASURE_REPORT (self), NULL);
  g_return_val_if_fail (index < self->groups->len, NULL);

  return self->groups->pdata[index];
}

const CpisMeasureGroup *
cpis_measure_report_lookup_group (CpisMeasureReport *self,
                                  const char        *code)
{
  g_return_val_if_fail (CPIS_IS_MEASURE_REPORT (self), NULL);

  for (guint i = 0; i < self->groups->len; i++)
    {
      const CpisMeasureGroup *group = self->groups->pdata[i];

      if (g_strcmp0 (group->code, code) == 0)
        return group;
    }
  return NULL;
}
