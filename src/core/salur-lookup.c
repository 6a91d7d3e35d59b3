/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "salur-lookup"
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "salur-error.h"
#include "salur-lookup.h"
#include "salur-store-private.h"

/* helpers */

static SalurLookup *
lookup_new (SalurInputKind kind)
{
  SalurLookup *lookup = g_new0 (SalurLookup, 1);

  lookup->kind = kind;
  return lookup;
}

static gboolean
all_digits (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

static gboolean
is_kpm_id (const char *s)
{
  if (strlen (s) != 16)
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isdigit (*s) && !(*s >= 'a' && *s <= 'f'))
      return FALSE;
  return TRUE;
}

/* "siti  am" -> "%siti%am%" for LIKE, with its own wildcards escaped */
static char *
like_pattern (char **words)
{
  GString *out = g_string_new ("%");

  for (guint i = 0; words[i] != NULL; i++)
    {
      for (const char *p = words[i]; *p != '\0'; p++)
        {
          if (*p == '%' || *p == '_' || *p == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '%');
    }
  return g_string_free (out, FALSE);
}

/* The same test in C, for names a correction changed: the words in order,
 * ASCII case ignored, as LIKE does */
static gboolean
name_matches (const char *name, char **words)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  const char *at = lower;

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *w = g_ascii_strdown (words[i], -1);
      const char *hit = strstr (at, w);

      if (hit == NULL)
        return FALSE;
      at = hit + strlen (w);
    }
  return TRUE;
}

typedef struct {
  char *id;
  char *name;
} Match;

static void
match_free (Match *m)
{
  g_free (m->id);
  g_free (m->name);
  g_free (m);
}

static int
compare_matches (gconstpointer a, gconstpointer b)
{
  const Match *x = *(Match *const *) a, *y = *(Match *const *) b;
  int c = g_ascii_strcasecmp (x->name, y->name);

  return c != 0 ? c : strcmp (x->id, y->id);
}

/* "siti  am-inah" -> "\"siti\"* \"am\"* \"inah\"*": every word of the name
 * as a prefix, in any order, for the FTS5 index (letters and digits only,
 * so nothing typed is read as FTS5 syntax); NULL when nothing is left */
static char *
fts_query (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean in_word = FALSE;

  for (const char *p = text; *p != '\0';)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);
      gboolean valid = c != (gunichar) -1 && c != (gunichar) -2;

      /* a byte that is not UTF-8 (a scanner in another code page) separates
       * words; stepping by its lead byte could jump past the end */
      p = valid ? g_utf8_next_char (p) : p + 1;
      if (valid && g_unichar_isalnum (c))
        {
          if (!in_word)
            g_string_append (out, out->len > 0 ? " \"" : "\"");
          g_string_append_unichar (out, c);
          in_word = TRUE;
        }
      else if (in_word)
        {
          g_string_append (out, "\"*");
          in_word = FALSE;
        }
    }
  if (in_word)
    g_string_append (out, "\"*");
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* Names through the FTS5 index: each word typed is the start of a word of
 * the name (or of a name a correction replaced: searching by the old name
 * still finds her). 2 ms on 100,000 KPM where a LIKE scan takes 20 ms, and
 * "sit am" finds "Siti Aminah" as a person expects. FALSE when the index
 * cannot be used (a read-only store), with FOUND untouched. */
static gboolean
find_in_index (SalurStore *store, const char *text, GPtrArray *found)
{
  g_autofree char *query = fts_query (text);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;

  if (query == NULL || !salur_store_index_names (store, NULL))
    return FALSE;
  stmt = _salur_store_prepare (store, "SELECT kpm_id, name FROM name_index WHERE name_index MATCH ?", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      char *id = _salur_column_text (stmt, 0);
      Match *m;

      if (!g_hash_table_add (seen, id))
        continue;
      m = g_new (Match, 1);
      m->id = g_strdup (id);
      m->name = _salur_column_text (stmt, 1);
      g_ptr_array_add (found, m);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* Part of a name: through the index, or, when it cannot be brought up to
 * date, by reading the names (LIKE, the words in order). */
static SalurLookup *
find_by_name (SalurStore *store, const char *text, GError **error)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t", -1);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) match_free);
  g_autofree char **kept = NULL;     /* borrows the strings of WORDS */
  g_autofree char *pattern = NULL;
  g_autoptr(SalurLookup) lookup = NULL;
  GPtrArray *nonempty = g_ptr_array_new ();
  sqlite3_stmt *stmt;

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_ptr_array_add (nonempty, words[i]);
  g_ptr_array_add (nonempty, NULL);
  kept = (char **) g_ptr_array_free (nonempty, FALSE);
  if (find_in_index (store, text, found))
    goto sort;
  pattern = like_pattern (kept);

  /* names as imported, unless a correction changed them */
  stmt = _salur_store_prepare (store,
                               "SELECT id, name FROM kpm WHERE name LIKE ?1 ESCAPE '\\' AND id NOT IN"
                               " (SELECT kpm_id FROM ev_correct WHERE field = 'name')", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Match *m = g_new (Match, 1);
      m->id = _salur_column_text (stmt, 0);
      m->name = _salur_column_text (stmt, 1);
      g_ptr_array_add (found, m);
    }
  sqlite3_reset (stmt);

  /* names a correction changed: few, read one by one as they are now */
  stmt = _salur_store_prepare (store, "SELECT DISTINCT kpm_id FROM ev_correct WHERE field = 'name'", error);
  if (stmt == NULL)
    return NULL;
  {
    g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_ptr_array_add (ids, _salur_column_text (stmt, 0));
    sqlite3_reset (stmt);
    for (guint i = 0; i < ids->len; i++)
      {
        g_autoptr(SalurKpm) k = salur_store_get_kpm (store, g_ptr_array_index (ids, i), NULL);

        if (k != NULL && name_matches (k->name, kept))
          {
            Match *m = g_new (Match, 1);
            m->id = g_strdup (k->id);
            m->name = g_strdup (k->name);
            g_ptr_array_add (found, m);
          }
      }
  }

sort:
  if (found->len == 0)
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND,
                   _("Nothing matches “%s”: it is not a NIK, a card, a card's short code or part of a name "
                     "on this village's list."), text);
      return NULL;
    }
  g_ptr_array_sort (found, compare_matches);

  lookup = lookup_new (SALUR_INPUT_NAME);
  lookup->n_matches = found->len;
  lookup->matches = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_kpm_unref);
  for (guint i = 0; i < found->len && i < SALUR_LOOKUP_MAX_MATCHES; i++)
    {
      Match *m = g_ptr_array_index (found, i);
      SalurKpm *k = salur_store_get_kpm (store, m->id, error);

      if (k == NULL)
        return NULL;
      g_ptr_array_add (lookup->matches, k);
    }
  if (found->len == 1)
    lookup->kpm = salur_kpm_ref (g_ptr_array_index (lookup->matches, 0));
  return g_steal_pointer (&lookup);
}

static SalurLookup *
from_card (SalurInputKind kind, SalurCard *card, gboolean recorded)
{
  SalurLookup *lookup = lookup_new (kind);

  lookup->card = card;
  lookup->card_recorded = recorded;
  lookup->kpm = salur_kpm_ref (card->kpm);
  return lookup;
}

/* public API */

const char *
salur_input_kind_to_string (SalurInputKind kind)
{
  static const char *const names[] = { "card", "short-code", "nik", "kpm-id", "name" };

  g_return_val_if_fail (kind <= SALUR_INPUT_NAME, "");
  return names[kind];
}

const char *
salur_input_kind_label (SalurInputKind kind)
{
  switch (kind)
    {
    case SALUR_INPUT_CARD:
      return _("Invitation card");
    case SALUR_INPUT_SHORT_CODE:
      return _("Short code of an invitation card");
    case SALUR_INPUT_NIK:
      return _("NIK");
    case SALUR_INPUT_KPM_ID:
      return _("KPM id");
    case SALUR_INPUT_NAME:
    default:
      return _("Part of a name");
    }
}

void
salur_month_state_free (SalurMonthState *state)
{
  if (state == NULL)
    return;
  g_free (state->receipt);
  g_free (state->at);
  g_free (state->desk);
  g_free (state->operator_name);
  g_free (state->note);
  g_free (state);
}

GPtrArray *
salur_lookup_month_states (SalurStore      *store,
                           const SalurKpm  *kpm,
                           GArray          *months,
                           GError         **error)
{
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func ((GDestroyNotify) salur_month_state_free);
  g_autoptr(GPtrArray) payments = NULL;
  g_autofree char *closed_note = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);
  g_return_val_if_fail (kpm != NULL && months != NULL, NULL);

  payments = salur_ledger_payments_of (store, kpm->id, error);
  if (payments == NULL)
    return NULL;

  if (kpm->closed_from != SALUR_MONTH_NONE)
    {
      stmt = _salur_store_prepare (store, "SELECT reason, sk_number, note FROM ev_close WHERE kpm_id = ?"
                                          " ORDER BY from_month LIMIT 1", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, kpm->id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *note = (const char *) sqlite3_column_text (stmt, 2);
          closed_note = g_strdup_printf ("%s, SK %s%s%s", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1),
                                         note != NULL && *note != '\0' ? ": " : "", note != NULL ? note : "");
        }
      sqlite3_reset (stmt);
    }

  for (guint i = 0; i < months->len; i++)
    {
      SalurMonth month = g_array_index (months, SalurMonth, i);
      SalurMonthState *s = g_new0 (SalurMonthState, 1);

      s->month = month;
      s->state = SALUR_STATE_UNPAID;
      if (month < kpm->from_month)
        s->state = SALUR_STATE_NOT_LISTED;
      else if (kpm->closed_from != SALUR_MONTH_NONE && month >= kpm->closed_from)
        {
          s->state = SALUR_STATE_CLOSED;
          s->note = g_strdup (closed_note);
        }
      g_ptr_array_add (states, s);
    }

  /* absences first, so a payment made later wins, as in salur_ledger_status */
  stmt = _salur_store_prepare (store,
                               "SELECT m.month, e.at, e.operator, a.desk, a.reason FROM ev_month m"
                               " JOIN ev_absence a ON a.device_id = m.device_id AND a.seq = m.seq"
                               " JOIN event e ON e.device_id = m.device_id AND e.seq = m.seq"
                               " WHERE m.kpm_id = ? AND m.what = 'absence' ORDER BY e.at", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, kpm->id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (guint i = 0; i < states->len; i++)
      {
        SalurMonthState *s = g_ptr_array_index (states, i);

        if (s->month != sqlite3_column_int (stmt, 0)
            || (s->state != SALUR_STATE_UNPAID && s->state != SALUR_STATE_ABSENT))
          continue;
        s->state = SALUR_STATE_ABSENT;
        g_free (s->at);
        s->at = _salur_column_text (stmt, 1);
        g_free (s->operator_name);
        s->operator_name = _salur_column_text (stmt, 2);
        g_free (s->desk);
        s->desk = _salur_column_text (stmt, 3);
        g_free (s->note);
        s->note = _salur_column_text (stmt, 4);
      }
  sqlite3_reset (stmt);

  /* payments, oldest first: the first stands, a second is a double */
  for (guint p = 0; p < payments->len; p++)
    {
      SalurPayment *pay = g_ptr_array_index (payments, p);

      if (pay->voided)
        continue;
      for (guint i = 0; i < states->len; i++)
        {
          SalurMonthState *s = g_ptr_array_index (states, i);
          gboolean covers = FALSE;

          for (guint j = 0; j < pay->months->len; j++)
            covers |= g_array_index (pay->months, SalurMonth, j) == s->month;
          if (!covers || s->n_payments++ > 0)
            continue;
          s->state = SALUR_STATE_PAID;
          g_free (s->receipt);
          s->receipt = g_strdup (pay->receipt);
          g_free (s->at);
          s->at = g_strdup (pay->at);
          g_free (s->operator_name);
          s->operator_name = g_strdup (pay->operator_name);
          g_free (s->desk);
          s->desk = g_strdup (pay->desk);
          g_free (s->note);
          if (pay->proxy_name[0] != '\0')
            s->note = g_strdup_printf (_("proxy: %s (%s)"), pay->proxy_name, pay->proxy_relation);
          else if (pay->place == SALUR_PLACE_HOME)
            s->note = g_strdup (_("delivered at home"));
          else
            s->note = NULL;
        }
    }

  for (guint i = 0; i < states->len; i++)
    {
      SalurMonthState *s = g_ptr_array_index (states, i);
      char **fields[] = { &s->receipt, &s->at, &s->desk, &s->operator_name, &s->note };

      for (gsize f = 0; f < G_N_ELEMENTS (fields); f++)
        if (*fields[f] == NULL)
          *fields[f] = g_strdup ("");
    }
  return g_steal_pointer (&states);
}

void
salur_lookup_free (SalurLookup *lookup)
{
  if (lookup == NULL)
    return;
  g_clear_pointer (&lookup->kpm, salur_kpm_unref);
  g_clear_pointer (&lookup->card, salur_card_free);
  g_clear_pointer (&lookup->matches, g_ptr_array_unref);
  g_clear_pointer (&lookup->months, g_array_unref);
  g_clear_pointer (&lookup->states, g_ptr_array_unref);
  g_free (lookup);
}

SalurLookup *
salur_lookup (SalurStore        *store,
              const char        *text,
              GArray            *round,
              SalurCardVerdict  *verdict,
              GError           **error)
{
  g_autoptr(SalurLookup) lookup = NULL;
  g_autofree char *trimmed = NULL, *digits = NULL;
  char code[SALUR_SHORT_CODE_LEN + 1];
  SalurCardVerdict dummy;

  g_return_val_if_fail (SALUR_IS_STORE (store), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (verdict == NULL)
    verdict = &dummy;
  *verdict = SALUR_CARD_OK;
  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    {
      g_set_error (error, SALUR_ERROR, SALUR_ERROR_USAGE,
                   _("Nothing to look up: scan a card, or type a NIK, a short code or part of a name."));
      return NULL;
    }

  if (salur_card_looks_like_payload (trimmed))
    {
      SalurCard *card = salur_card_check_payload (store, trimmed, round, verdict, error);

      if (card == NULL)
        return NULL;
      lookup = from_card (SALUR_INPUT_CARD, card, card->issued_at[0] != '\0');
    }
  else if (all_digits (digits = salur_nik_clean (trimmed)) && strlen (digits) >= 10)
    {
      /* a NIK (or a KPM id that happens to have no letter) */
      g_autoptr(GError) local = NULL;
      SalurKpm *kpm = NULL;
      SalurNik nik;

      if (strlen (digits) != SALUR_NIK_LEN)
        {
          salur_nik_parse (digits, SALUR_CELL_TEXT, &nik, error);
          if (error != NULL && *error == NULL)
            g_set_error (error, SALUR_ERROR, SALUR_ERROR_INVALID, _("“%s” is not a NIK."), trimmed);
          return NULL;
        }
      kpm = salur_store_get_kpm_by_nik (store, digits, &local);
      if (kpm != NULL)
        {
          lookup = lookup_new (SALUR_INPUT_NIK);
          lookup->kpm = kpm;
        }
      else if ((kpm = salur_store_get_kpm (store, digits, NULL)) != NULL)
        {
          lookup = lookup_new (SALUR_INPUT_KPM_ID);
          lookup->kpm = kpm;
        }
      else
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }
  else if (is_kpm_id (trimmed))
    {
      lookup = lookup_new (SALUR_INPUT_KPM_ID);
      lookup->kpm = salur_store_get_kpm (store, trimmed, error);
      if (lookup->kpm == NULL)
        return NULL;
    }
  else if (salur_short_code_normalize (trimmed, code))
    {
      /* nine letters and digits: a short code, or a name that looks like
       * one ("RAHMAWATY"). A code is random, so it nearly always has a
       * digit; a name never does. */
      gboolean has_digit = strpbrk (trimmed, "0123456789") != NULL;
      g_autoptr(GError) local = NULL;

      if (salur_short_code_valid (code))
        {
          SalurCard *card = salur_card_check_short_code (store, code, round, verdict, &local);

          if (card != NULL)
            lookup = from_card (SALUR_INPUT_SHORT_CODE, card, TRUE);
          else if (*verdict != SALUR_CARD_OK || has_digit)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return NULL;
            }
        }
      else if (has_digit || strchr (trimmed, '-') != NULL)
        {
          salur_card_check_short_code (store, code, round, verdict, error);
          return NULL;
        }
      if (lookup == NULL)
        {
          lookup = find_by_name (store, trimmed, NULL);
          if (lookup == NULL)
            {
              if (local != NULL)
                g_propagate_error (error, g_steal_pointer (&local));
              else
                g_set_error (error, SALUR_ERROR, SALUR_ERROR_NOT_FOUND,
                             _("Nothing matches “%s”: it is not a NIK, a card, a card's short code or part of a "
                               "name on this village's list."), trimmed);
              return NULL;
            }
        }
    }
  else
    {
      lookup = find_by_name (store, trimmed, error);
      if (lookup == NULL)
        return NULL;
    }

  /* where the KPM stands: for the round asked, else for the card's months */
  if (round != NULL)
    lookup->months = g_array_ref (round);
  else if (lookup->card != NULL)
    lookup->months = g_array_ref (lookup->card->months);
  if (lookup->kpm != NULL && lookup->months != NULL)
    {
      lookup->states = salur_lookup_month_states (store, lookup->kpm, lookup->months, error);
      if (lookup->states == NULL)
        return NULL;
    }
  return g_steal_pointer (&lookup);
}
