#!/usr/bin/env bash
# Regenerates reference-data/world-leaders.yaml from the downloaded Wikidata extracts and the hand-written tables
# in this folder. Usage: reference-data/sources/import-world.sh SOURCES_DIR [FACTLINT]
# SOURCES_DIR holds the extracts' folders (world_leaders_wikidata_2026/, national_cabinets_wikidata_2022/, ...).
set -euo pipefail
S=${1:?usage: import-world.sh SOURCES_DIR [FACTLINT]}
FACTLINT=${2:-factlint}
cd "$(dirname "$0")/../.."
W=$S/world_leaders_wikidata_2026
N=$S/national_cabinets_wikidata_2022
# Every holders21.csv taken on its repository's newest commit (raw_files.csv says which).
cabinets=()
while IFS=, read -r repo file _ _ _ _ head_date _; do
  [ "$file" = holders21.csv ] && cabinets+=("$N/$repo/holders21.csv@$head_date")
done < "$N/raw_files.csv"
known=()
for f in jurisdictions offices us-offices people us-congress-leaders us-people countries international; do
  known+=(--known "reference-data/$f.yaml")
done
# Left out: diplomats, spouses, junior and deputy posts, judges below a supreme court's chief, officers, and the
# offices of provinces, regions and cities (a national check has no use for them, and every title costs start-up).
"$FACTLINT" import wikidata --as-of 2026 "${known[@]}" \
  --skip '(?i)^(ambassador|permanent representative|high commissioner|consul)' \
  --skip '^First (Lady|Gentleman)' \
  --skip '(?i)\b(oblast|krai|okrug|province|provincial|regional|prefecture|municipal|district|county|city|legislative|state administration)\b' \
  --skip '(?i)^(mayor|deputy mayor|lieutenant governor|deputy governor|vice governor|administrator of) ' \
  --skip '(?i)^(parliamentary |assistant |deputy (minister|secretary|chief|director|head|attorney)|vice[- ]minister|under-?secretary|undersecretary|minister of state|state secretary|principal deputy|first deputy|permanent secretary|lord of the treasury)' \
  --skip '(?i)\b(judge|justice of the|puisne|inspector|commander|commandant|auditor|ombudsman|spokes(person|man|woman)|commissioner for)\b' \
  "$W/heads_of_state_and_government_union_2021-08_to_2026.csv@2026" \
  "$W/heads_of_state_and_government_2023-06-03.csv@2023-06-03" \
  "$W/heads_of_state_and_government_2024-03-16.csv@2024-03-16" \
  "$W/heads_of_state_and_government_2024-10-23.csv@2024-10-23" \
  "$W/heads_of_state_and_government_2026_05e3baa.csv@2026" \
  "$S/foreign_ministers_wikidata_union_2022/foreign_ministers_union_2022-08_to_2022-12.csv@2022-12-11" \
  "$S/wikidata_world_leaders/un_officeholders.csv@2023-01-10" \
  "${cabinets[@]}" \
  reference-data/sources/international-organisations.csv@2025-06-01 \
  reference-data/sources/us-cabinet-2025.csv@2025-06-01 \
  reference-data/sources/national-ministers.csv@2025-10-01 \
  > reference-data/world-leaders.yaml
