/* cpis-nhs-number-entry.c: an entry for NHS numbers that checks as you type */
#include "cpis-nhs-number-entry.h"

struct _CpisNhsNumberEntry
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (CpisNhsNumberEntry, cpis_nhs_number_entry, GTK_TYPE_WIDGET)

static void
cpis_nhs_number_entry_class_init (CpisNhsNumberEntryClass *klass)
{
}

static void
cpis_nhs_number_entry_init (CpisNhsNumberEntry *self)
{
}

GtkWidget *
cpis_nhs_number_entry_new (void)
{
  return g_object_new (CPIS_TYPE_NHS_NUMBER_ENTRY, NULL);
}

const char *
cpis_nhs_number_entry_get_text (CpisNhsNumberEntry *self)
{
  g_return_val_if_fail (CPIS_IS_NHS_NUMBER_ENTRY (self), NULL);
  return "";
}

void
cpis_nhs_number_entry_set_text (CpisNhsNumberEntry *self,
                                const char         *text)
{
  g_return_if_fail (CPIS_IS_NHS_NUMBER_ENTRY (self));
}

const char *
cpis_nhs_number_entry_get_nhs_number (CpisNhsNumberEntry *self)
{
  g_return_val_if_fail (CPIS_IS_NHS_NUMBER_ENTRY (self), NULL);
  return NULL;
}

const char *
cpis_nhs_number_entry_get_message (CpisNhsNumberEntry *self)
{
  g_return_val_if_fail (CPIS_IS_NHS_NUMBER_ENTRY (self), NULL);
  return NULL;
}

void
cpis_nhs_number_entry_clear (CpisNhsNumberEntry *self)
{
  g_return_if_fail (CPIS_IS_NHS_NUMBER_ENTRY (self));
}
