#pragma once
// The ledger's SQL schema, one string per migration step. Step N moves a
// file from user_version N-1 to N. Never edit a published step: add one.
#include <array>
#include <string_view>

#include "models/limits.hpp"

namespace gfund::ledger {

inline constexpr std::string_view kMigrationV1 = R"SQL(
CREATE TABLE fund(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  currency TEXT NOT NULL CHECK (length(currency) = 3)
) STRICT;
CREATE TABLE banks(
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  name TEXT NOT NULL
) STRICT;
CREATE TABLE associations(
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  name TEXT NOT NULL
) STRICT;
CREATE TABLE borrowers(
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  sector TEXT NOT NULL,
  province TEXT NOT NULL,
  registration TEXT NOT NULL CHECK (registration IN ('formal', 'informal')),
  birth_year INTEGER NOT NULL CHECK (birth_year BETWEEN 1940 AND 2015),
  association TEXT REFERENCES associations(id)
) STRICT;
CREATE TABLE agreements(
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  bank TEXT NOT NULL REFERENCES banks(id),
  association TEXT REFERENCES associations(id),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  coverage_ppm INTEGER NOT NULL CHECK (coverage_ppm > 0 AND coverage_ppm <= 1000000),
  structure TEXT NOT NULL CHECK (structure IN ('pari_passu', 'first_loss')),
  per_loan_cap_minor INTEGER CHECK (per_loan_cap_minor >= 0),
  portfolio_cap_minor INTEGER CHECK (portfolio_cap_minor >= 0),
  portfolio_cap_rate_ppm INTEGER CHECK (portfolio_cap_rate_ppm >= 0),
  claim_trigger_dpd INTEGER NOT NULL CHECK (claim_trigger_dpd BETWEEN 1 AND 720),
  lock_in_months INTEGER NOT NULL CHECK (lock_in_months BETWEEN 0 AND 60),
  payout_at_claim_ppm INTEGER NOT NULL CHECK (payout_at_claim_ppm BETWEEN 0 AND 1000000),
  annual_fee_ppm INTEGER NOT NULL CHECK (annual_fee_ppm >= 0),
  fee_surcharge_informal_ppm INTEGER NOT NULL CHECK (fee_surcharge_informal_ppm >= 0),
  fee_payer TEXT NOT NULL CHECK (fee_payer IN ('bank', 'borrower')),
  available_from TEXT NOT NULL CHECK (date(available_from) IS available_from),
  available_to TEXT NOT NULL CHECK (date(available_to) IS available_to)
) STRICT;
CREATE TABLE loans(
  id INTEGER PRIMARY KEY,
  bank TEXT NOT NULL REFERENCES banks(id),
  ref TEXT NOT NULL,
  borrower TEXT NOT NULL REFERENCES borrowers(id),
  agreement TEXT REFERENCES agreements(id),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  principal_minor INTEGER NOT NULL CHECK (principal_minor > 0),
  annual_rate_ppm INTEGER NOT NULL CHECK (annual_rate_ppm BETWEEN 0 AND 1000000),
  term_months INTEGER NOT NULL CHECK (term_months BETWEEN 1 AND 360),
  schedule TEXT NOT NULL CHECK (schedule IN ('annuity', 'equal_principal', 'flat', 'balloon')),
  grace TEXT NOT NULL CHECK (grace IN ('none', 'interest_only', 'full')),
  grace_months INTEGER NOT NULL CHECK (grace_months >= 0 AND grace_months < term_months),
  disbursed TEXT NOT NULL CHECK (date(disbursed) IS disbursed),
  first_due TEXT NOT NULL CHECK (date(first_due) IS first_due),
  above_rate_cap INTEGER NOT NULL CHECK (above_rate_cap IN (0, 1)),
  UNIQUE (bank, ref)
) STRICT;
CREATE TABLE schedules(
  loan INTEGER NOT NULL REFERENCES loans(id),
  version INTEGER NOT NULL CHECK (version >= 0),
  number INTEGER NOT NULL CHECK (number >= 1),
  due TEXT NOT NULL CHECK (date(due) IS due),
  principal_minor INTEGER NOT NULL CHECK (principal_minor >= 0),
  interest_minor INTEGER NOT NULL CHECK (interest_minor >= 0),
  PRIMARY KEY (loan, version, number)
) STRICT, WITHOUT ROWID;
-- Append-only: every money movement and every change of a loan's contract.
-- Natural key (source, ref): the bank id (or 'FUND') and its own reference.
CREATE TABLE events(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('disbursement', 'repayment', 'penalty', 'fee', 'write_off', 'restructure',
                                     'claim', 'recovery', 'guarantee_fee', 'capital_in', 'capital_out')),
  source TEXT NOT NULL,
  ref TEXT NOT NULL,
  loan INTEGER REFERENCES loans(id),
  date TEXT NOT NULL CHECK (date(date) IS date),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
  fund_minor INTEGER NOT NULL DEFAULT 0 CHECK (fund_minor >= 0),
  schedule_version INTEGER,
  UNIQUE (source, ref),
  CHECK ((loan IS NULL) = (kind IN ('guarantee_fee', 'capital_in', 'capital_out'))),
  CHECK ((schedule_version IS NULL) = (kind <> 'restructure'))
) STRICT;
CREATE INDEX events_by_loan ON events(loan, date);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
)SQL";

// The v1 CHECKs above hold the terms to the same limits as the models do.
static_assert(kClaimTriggerDpdMax == 720 &&
                  kMigrationV1.find("claim_trigger_dpd BETWEEN 1 AND 720") != std::string_view::npos,
              "the agreements table's CHECK must match kClaimTriggerDpdMax");
static_assert(kLockInMonthsMax == 60 && kMigrationV1.find("lock_in_months BETWEEN 0 AND 60") != std::string_view::npos,
              "the agreements table's CHECK must match kLockInMonthsMax");

inline constexpr std::string_view kMigrationV2 = R"SQL(
CREATE TABLE loan_state(
  loan INTEGER PRIMARY KEY REFERENCES loans(id),
  disbursed_minor INTEGER NOT NULL,
  principal_paid_minor INTEGER NOT NULL,
  interest_paid_minor INTEGER NOT NULL,
  written_off_minor INTEGER NOT NULL,
  outstanding_minor INTEGER NOT NULL CHECK (outstanding_minor >= 0)
) STRICT;
CREATE TABLE agreement_state(
  agreement TEXT PRIMARY KEY REFERENCES agreements(id),
  enrolled_minor INTEGER NOT NULL,
  claims_paid_minor INTEGER NOT NULL
) STRICT;
CREATE TABLE fund_state(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  balance_minor INTEGER NOT NULL
) STRICT;
)SQL";

// v3: staged claim payouts and restructure terms. SQLite cannot change a
// CHECK in place, so the events table is rebuilt (ids kept) with the new
// kind 'claim_settlement' (pays a claim's balance due), the fund's full share
// of a claim (owed_minor; older claims were paid in full, so owed = paid) and
// a restructure's new terms (NULL for restructures stored before v3). The
// caches gain the claims still due. Caches are rebuilt after the migration.
inline constexpr std::string_view kMigrationV3 = R"SQL(
CREATE TABLE events_v3(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('disbursement', 'repayment', 'penalty', 'fee', 'write_off', 'restructure',
                                     'claim', 'claim_settlement', 'recovery', 'guarantee_fee', 'capital_in',
                                     'capital_out')),
  source TEXT NOT NULL,
  ref TEXT NOT NULL,
  loan INTEGER REFERENCES loans(id),
  date TEXT NOT NULL CHECK (date(date) IS date),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
  fund_minor INTEGER NOT NULL DEFAULT 0 CHECK (fund_minor >= 0),
  schedule_version INTEGER,
  owed_minor INTEGER CHECK (owed_minor >= fund_minor),
  new_rate_ppm INTEGER CHECK (new_rate_ppm BETWEEN 0 AND 1000000),
  new_term_months INTEGER CHECK (new_term_months BETWEEN 1 AND 360),
  new_schedule TEXT CHECK (new_schedule IN ('annuity', 'equal_principal', 'flat', 'balloon')),
  UNIQUE (source, ref),
  CHECK ((loan IS NULL) = (kind IN ('guarantee_fee', 'capital_in', 'capital_out'))),
  CHECK ((schedule_version IS NULL) = (kind <> 'restructure')),
  CHECK ((owed_minor IS NULL) = (kind <> 'claim')),
  CHECK (kind = 'restructure' OR (new_rate_ppm IS NULL AND new_term_months IS NULL AND new_schedule IS NULL))
) STRICT;
INSERT INTO events_v3(id, kind, source, ref, loan, date, currency, amount_minor, fund_minor, schedule_version,
                      owed_minor)
  SELECT id, kind, source, ref, loan, date, currency, amount_minor, fund_minor, schedule_version,
         CASE WHEN kind = 'claim' THEN fund_minor END
  FROM events ORDER BY id;
DROP TABLE events;
ALTER TABLE events_v3 RENAME TO events;
CREATE INDEX events_by_loan ON events(loan, date);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
ALTER TABLE agreement_state ADD COLUMN claims_due_minor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE fund_state ADD COLUMN claims_due_minor INTEGER NOT NULL DEFAULT 0;
)SQL";

// v4: one documented order of a loan's same-day events (same_day_rank in
// engine/portfolio/loan_position.hpp) replaces the order of insertion, which
// the writer and `verify` read differently. No table changes: the caches are
// rebuilt from the events in that order after the migration, so a ledger
// written before it verifies again.
inline constexpr std::string_view kMigrationV4 = R"SQL(
-- no table changes; the caches are rebuilt after every migration
)SQL";

// v5: tamper evidence (engine/ledger/chain.hpp). Every event gets a SHA-256
// chain value, written once by gfund (the update trigger now allows setting
// a NULL chain and nothing else); the fund keeps the head (its seal) and how
// many events it covers. The values of a migrated ledger's events are
// computed right after the migration, in its transaction.
inline constexpr std::string_view kMigrationV5 = R"SQL(
ALTER TABLE events ADD COLUMN chain BLOB CHECK (chain IS NULL OR length(chain) = 32);
DROP TRIGGER events_no_update;
CREATE TRIGGER events_no_update BEFORE UPDATE OF id, kind, source, ref, loan, date, currency, amount_minor, fund_minor,
  schedule_version, owed_minor, new_rate_ppm, new_term_months, new_schedule ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_chain_once BEFORE UPDATE OF chain ON events WHEN OLD.chain IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'an event''s chain value is written once'); END;
ALTER TABLE fund_state ADD COLUMN seal BLOB CHECK (seal IS NULL OR length(seal) = 32);
ALTER TABLE fund_state ADD COLUMN sealed_events INTEGER NOT NULL DEFAULT 0 CHECK (sealed_events >= 0);
)SQL";

// v6: the donor's outreach columns on borrowers, optional (NULL = not
// recorded; every borrower stored before v6 reads "not recorded"). Borrowers
// are reference data, outside the event chain: the seal is unchanged.
inline constexpr std::string_view kMigrationV6 = R"SQL(
ALTER TABLE borrowers ADD COLUMN gender TEXT CHECK (gender IS NULL OR gender IN ('female', 'male', 'other'));
ALTER TABLE borrowers ADD COLUMN first_time INTEGER CHECK (first_time IS NULL OR first_time IN (0, 1));
)SQL";

// v7: dated exchange rates, the ones headline figures convert at: major
// units of `currency` per one major unit of the fund's currency, as written
// (decimal text). Reference data, outside the event chain; one rate per
// currency per date (a later import of the same rate is a no-op).
inline constexpr std::string_view kMigrationV7 = R"SQL(
CREATE TABLE fx_rates (
  date TEXT NOT NULL CHECK (length(date) = 10),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  per_fund_unit TEXT NOT NULL CHECK (length(per_fund_unit) BETWEEN 1 AND 32),
  PRIMARY KEY (currency, date)
) WITHOUT ROWID;
)SQL";

// v8: a small key-value table of the ledger's settings about itself, outside
// the event chain (the seal is unchanged): which model file `gfund
// calibrate` last wrote for this ledger, and when (engine/ledger/ledger_meta.hpp
// names the keys).
inline constexpr std::string_view kMigrationV8 = R"SQL(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 64),
  value TEXT NOT NULL
) STRICT;
)SQL";

inline constexpr std::array<std::string_view, 8> kMigrations{kMigrationV1, kMigrationV2, kMigrationV3, kMigrationV4,
                                                             kMigrationV5, kMigrationV6, kMigrationV7, kMigrationV8};

}  // namespace gfund::ledger
