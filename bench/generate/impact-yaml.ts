// The impact.yaml that `impact demo` writes next to its exports: a working, commented example
// a data expert can copy for their own exports. Every mapping here is plain configuration;
// nothing in the pipeline knows the demo's column names.
export const demoConfigYaml = `# impact.yaml — written by \`impact demo\`. Paths are relative to this file.
warehouse:
  path: data/warehouse.duckdb      # the DuckDB file analysts can open (read-only while no run is going)
  memory_limit: 4GB
  threads: 2
  temp_directory: data/tmp
data_dir: data
organisation: { name: Welzijn Utrecht-Midden (demo) }   # on reports and the dashboard
publish:
  dir: data/publish                # Parquet for BI tools; data/publish/current/<table>/…
  keep_versions: 3
  snapshot: data/analyst.duckdb    # read-only copy for analysts, swapped in after every run
timezone: Europe/Amsterdam         # dates in the exports are Dutch calendar dates
privacy:
  pseudonym_key_env: IMPACT_PSEUDONYM_KEY
  allow_generated_key: true        # demo only: without the env var a key is generated in data/secrets
  min_cell: 10                     # published counts below this are suppressed

sources:
  - name: regicare                 # a registration system's CSV exports
    location: { directory: exports/regicare }
    defaults:
      csv: { delimiter: ";", encoding: windows-1252, decimal: "," }
      date_format: dd-mm-jjjj
    resources:
      clients:
        entity: client
        files: "clienten_*.csv"
        export_date: { from_filename: '(\\d{4}-\\d{2}-\\d{2})' }
        primary_key: [source_client_id]
        columns:                   # BSN, names, address, phone and e-mail are simply not mapped
          source_client_id: Cliëntnummer
          birth_date: Geboortedatum
          gender: Geslacht
          postcode: Postcode
          municipality_code: Gemeente
          registered_on: Inschrijfdatum
      trajectories:
        entity: trajectory
        files: "trajecten*.csv"
        primary_key: [source_trajectory_id]
        columns:
          source_trajectory_id: Trajectnummer
          source_client_id: Cliëntnummer
          service_code: Werksoort
          municipality_code: Gemeente
          team: Team
          start_date: Startdatum
          end_date: Einddatum
          closure_reason: Reden afsluiting
          referrer: Verwijzer
      contacts:
        entity: contact
        files: "contacten_*.csv"
        primary_key: [source_contact_id]
        write: replace-period      # a re-delivered month replaces that month (left-out contacts go)
        period: Datum
        columns:
          source_contact_id: Contactnummer
          source_client_id: Cliëntnummer
          source_trajectory_id: Trajectnummer
          service_code: Werksoort
          contact_date: Datum
          duration_min: { column: "Duur (uren)", multiply: 60 }
          contact_type: Soort contact

  - name: zrm                      # the teams' ZRM workbook: one column per domain
    system: regicare               # same client numbers as RegiCare, so the same pseudonyms
    location: { directory: exports/zrm }
    resources:
      scores:
        entity: outcome_score
        files: "*.xlsx"
        sheets: all                # a very long sheet continues in "ZRM-scores (2)"
        columns:
          source_client_id: Cliëntnummer
          source_trajectory_id: Trajectnummer
          measured_on: { column: Datum meting, date: dd-mm-jjjj }
          moment: Moment
          instrument: { value: zrm }
        unpivot:
          columns: [Financiën, Werk & opleiding, Tijdsbesteding, Huisvesting, Huiselijke relaties,
                    Geestelijke gezondheid, Lichamelijke gezondheid, Middelengebruik, Basale ADL,
                    Instrumentele ADL, Sociaal netwerk, Maatschappelijke participatie, Justitie]
          name_to: domain
          value_to: score

  - name: activiteiten             # attendance of collective activities, one sheet per team
    location: { directory: exports/activiteiten }
    resources:
      attendance:
        entity: activity
        files: "*.xlsx"
        sheets: all
        columns:
          activity_date: { column: Datum, date: dd-mm-jjjj }
          activity_name: Activiteit
          service_code: Werksoort
          neighbourhood: Wijk
          municipality_code: Gemeente
          team: { value: $sheet }
          participants: Deelnemers
          volunteers: Vrijwilligers
          volunteer_hours: Vrijwilligersuren

  - name: financien
    location: { directory: exports/financien }
    defaults:
      csv: { delimiter: ";", encoding: windows-1252, decimal: "," }
    resources:
      budgets:
        entity: budget
        files: "begroting*.csv"
        columns:
          year: Jaar
          municipality_code: Gemeente
          service_code: Werksoort
          cost_eur: Kosten

  - name: verhalen                 # stories next to the numbers ("tellen én vertellen")
    location: { directory: exports/verhalen }
    defaults:
      csv: { delimiter: ";", encoding: windows-1252 }
    resources:
      stories:
        entity: story
        files: "*.csv"
        columns:
          story_date: Datum
          service_code: Werksoort
          municipality_code: Gemeente
          title: Titel
          text: Verhaal
          consent: Toestemming cliënt
          domains: Domeinen
`;
