"""The content of the demo workshops: a Pilsen youth workshop (Czech) and a Grenoble living lab (English).

Ideas are ``(cluster index, origin, title, description)``; origins are "phone", "floor" or "paper".
A few ideas come from exchange students in Korean, Chinese and Arabic, as in a real international room.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoContent:
    """Everything that differs between the two demo workshops."""

    language: str
    template: str
    title: str
    city: str
    venue: str
    date: str
    organisers: tuple[str, ...]
    challenge: str
    guiding_questions: tuple[str, ...]
    themes: tuple[str, ...]
    phases: tuple[tuple[str, int, int], ...]  # title, planned minutes, minutes it really took
    groups: tuple[tuple[str, int], ...]  # name, participants who chose it
    clusters: tuple[str, ...]
    ideas: tuple[tuple[int, str, str, str], ...]
    hidden_title: str  # a phone idea the facilitator hides (it holds a phone number)
    duplicates: tuple[tuple[str, str], ...]  # (duplicate title, title it is merged into)
    rounds: tuple[tuple[str, int, int, str], ...]  # title, dots, max per idea, results mode
    paper_note: str
    actions: tuple[tuple[str, str, str, str, tuple[tuple[str, str, str], ...], tuple[tuple[str, str], ...]], ...]
    controller: str = ""  # who is responsible for the data (the report's data-protection section)
    privacy_contact: str = ""
    web_page: str = ""  # the city's page about the workshop (the bundle's homepage)


CZECH = DemoContent(
    language="cs",
    template="youth",
    title="Mladí podnikatelé pro Plzeň",
    city="Plzeň",
    venue="DEPO2015, Presslova 14",
    date="2026-11-14",
    organisers=("Odbor koncepce a rozvoje města Plzně", "Plzeňský podnikatelský inkubátor", "Studentská rada"),
    controller="Statutární město Plzeň",
    privacy_contact="Pověřenec pro ochranu osobních údajů, poverenec@plzen.example",
    web_page="https://plzen.example/mladi-podnikatele",
    challenge=(
        "Jak může Plzeň pomoci mladým lidem od 15 do 26 let začít podnikat: najít prostor, peníze, "
        "mentory a první zákazníky?"
    ),
    guiding_questions=(
        "Co vám dnes nejvíc brání začít podnikat?",
        "Co by mělo město udělat během příštího roku?",
        "Kdo by vám mohl pomoct a jak ho najít?",
    ),
    themes=("Prostory", "Finance", "Mentoring", "Propagace"),
    phases=(
        ("Přivítání a seznámení", 10, 12),
        ("Poznáváme výzvu", 20, 18),
        ("Nápady", 30, 35),
        ("Třídění nápadů", 10, 11),
        ("Hlasování", 10, 9),
    ),
    groups=(("Studenti", 12), ("Mladí podnikatelé", 9), ("Mentoři", 5), ("Zaměstnanci města", 4)),
    clusters=("Prostory a coworking", "Peníze a granty", "Mentoring a vzdělávání", "Propagace a síť kontaktů"),
    ideas=(
        (0, "phone", "Levný coworking pro studenty v centru", "Stůl za symbolickou cenu, Wi-Fi a zasedačka."),
        (0, "phone", "Pop-up obchody v prázdných výlohách", "Město zprostředkuje prázdné prostory na 3 měsíce."),
        (0, "floor", "Dílna s 3D tiskárnou a laserem", "Makerspace otevřený i o víkendu."),
        (0, "phone", "Stánek na farmářských trzích zdarma", "První sezóna bez poplatku pro nové firmy."),
        (0, "paper", "Sdílená kuchyně pro začínající gastro", "Certifikovaná kuchyně k pronájmu na hodiny."),
        (0, "phone", "Kancelář v knihovně", "Tichá místa na práci a konzultace v pobočkách knihovny."),
        (0, "phone", "Sklad pro e-shopy na půl roku", "Malé boxy pro zboží za nízký nájem."),
        (0, "floor", "Podnikatelské centrum v Doubravce", "Pobočka inkubátoru mimo centrum."),
        (0, "phone", "Wi-Fi a zásuvky v MHD", "Pracovat se dá i cestou do školy."),
        (0, "paper", "Prostor pro zkoušení výrobků se zákazníky", "Testovací místnost s možností zpětné vazby."),
        (1, "phone", "Mikrogranty do 30 000 Kč", "Rychlé rozhodnutí do 14 dní, jednoduchá žádost."),
        (1, "phone", "Startovací stipendium pro studenty", "Měsíční podpora na první půlrok podnikání."),
        (1, "floor", "Crowdfunding s příspěvkem města", "Město přidá korunu ke každé vybrané koruně."),
        (1, "phone", "Soutěž podnikatelských plánů", "Finále na náměstí Republiky, ceny od místních firem."),
        (1, "paper", "Bezúročná půjčka na vybavení", "Splátky až po prvním roce."),
        (1, "phone", "Poradna k daním a účetnictví zdarma", "Jednou týdně v inkubátoru."),
        (1, "phone", "Sleva na živnostenský list pro mladé", "Město uhradí poplatek do 26 let."),
        (1, "floor", "Fond pro sociální podnikání", "Podpora firem, které řeší problémy ve městě."),
        (1, "phone", "Malé granty na řemesla", "Truhláři, švadleny, keramika: i tradiční řemesla."),
        (2, "phone", "Mentor z místní firmy pro každý tým", "Jedna schůzka měsíčně po dobu půl roku."),
        (2, "phone", "Kurz podnikání na středních školách", "Praktický předmět s vlastním mini-projektem."),
        (2, "floor", "Setkání s úspěšnými plzeňskými podnikateli", "Neformální večery jednou měsíčně."),
        (2, "paper", "Letní akademie podnikání", "Týdenní intenzivní kurz o prázdninách."),
        (2, "phone", "Stáže v plzeňských firmách", "Placené stáže pro studenty od 16 let."),
        (2, "phone", "Online kurzy v češtině zdarma", "Marketing, účetnictví, právo pro začátečníky."),
        (2, "phone", "Hackathon pro mladé každé jaro", "48 hodin, témata od města a firem."),
        (2, "floor", "Právní minimum pro začínající", "Smlouvy, GDPR a odpovědnost srozumitelně."),
        (2, "phone", "Mentoring od studentů vysoké školy", "Studenti ZČU pomáhají středoškolákům."),
        (3, "phone", "Mapa mladých firem na webu města", "Katalog s odkazy a nabídkou služeb."),
        (3, "phone", "Vánoční trh mladých podnikatelů", "Stánky zdarma pro firmy do dvou let."),
        (3, "paper", "Městské zakázky i pro malé firmy", "Malé zakázky vyhrazené začínajícím firmám."),
        (3, "phone", "Propagace na obrazovkách v MHD", "Krátké spoty mladých firem v tramvajích."),
        (3, "floor", "Networking v pivovaru", "Setkání firem, investorů a studentů."),
        (3, "phone", "Instagram města pro mladé firmy", "Každý týden jeden příběh."),
        (3, "phone", "Značka „Vyrobeno mladými v Plzni“", "Společné logo a e-shop."),
        (3, "phone", "Spolupráce s partnerským městem Limoges", "Výměnné pobyty mladých podnikatelů."),
        (0, "phone", "청년 창업 카페", "학생들이 함께 일하고 배우는 공간."),
        (2, "phone", "青年创业导师计划", "每个团队配一位本地企业导师。"),
        (1, "phone", "صندوق صغير لدعم مشاريع الشباب", "منح صغيرة وسريعة للمشاريع الجديدة."),
        (3, "phone", "Festival mladých firem / 청년 축제 / مهرجان", "Jeden den, tři jazyky, celé město."),
        (0, "phone", "Levný coworking pro studenty", "Stejné jako coworking v centru."),
        (2, "phone", "Mentor z firmy pro každý tým", "Duplicita k mentoringu."),
    ),
    hidden_title="Zavolejte mi na 777 123 456, mám nápad",
    duplicates=(
        ("Levný coworking pro studenty", "Levný coworking pro studenty v centru"),
        ("Mentor z firmy pro každý tým", "Mentor z místní firmy pro každý tým"),
    ),
    rounds=(("Dlouhý seznam", 5, 2, "hidden"), ("Užší výběr", 3, 2, "live")),
    paper_note="sečteno z papírové tabule u vchodu",
    actions=(
        (
            "Pilotní coworking pro studenty v DEPO2015",
            "Jana Nováková",
            "Odbor koncepce a rozvoje města",
            "Návrh smlouvy s DEPO2015 do konce ledna",
            (
                ("Smlouva s DEPO2015", "2027-01-31", "in-progress"),
                ("Otevření pilotu", "2027-03-01", "planned"),
                ("Vyhodnocení po půl roce", "2027-09-30", "planned"),
            ),
            (
                ("council-act", "Usnesení Rady města o pronájmu za symbolickou cenu"),
                ("department", "Majetkový odbor"),
                ("dataset", "Obsazenost coworkingu (měsíčně, otevřená data)"),
            ),
        ),
        (
            "Mikrogranty pro mladé podnikatele",
            "Petr Svoboda",
            "Ekonomický odbor",
            "Pravidla dotačního programu do rozpočtu 2027",
            (("Pravidla programu", "2027-02-15", "planned"), ("První výzva", "2027-04-01", "planned")),
            (
                ("council-act", "Usnesení Zastupitelstva o dotačním programu"),
                ("dataset", "Přehled udělených mikrograntů"),
                ("announcement", "Tisková zpráva a web města"),
            ),
        ),
        (
            "Mentoringový program s místními firmami",
            "Lucie Dvořáková",
            "Plzeňský podnikatelský inkubátor",
            "Oslovit 20 firem z Hospodářské komory",
            (("Seznam mentorů", "2027-01-15", "in-progress"), ("První párování", "2027-02-28", "planned")),
            (("department", "Odbor školství"), ("announcement", "Představení na Dni podnikání")),
        ),
        (
            "Kurz podnikání na středních školách",
            "Tomáš Černý",
            "Odbor školství, mládeže a tělovýchovy",
            "Pilot na dvou školách od září",
            (("Výběr škol", "2027-03-31", "planned"), ("Start pilotu", "2027-09-01", "planned")),
            (("department", "Krajský úřad, odbor školství"),),
        ),
        (
            "Mapa mladých firem na webu města",
            "Eva Procházková",
            "Odbor komunikace",
            "Formulář pro firmy a zveřejnění v opendata",
            (("Formulář", "2027-01-31", "planned"), ("Spuštění mapy", "2027-03-15", "planned")),
            (("dataset", "Registr mladých firem (CSV, otevřená licence)"), ("announcement", "Newsletter města")),
        ),
    ),
)

ENGLISH = DemoContent(
    language="en",
    template="living-lab",
    title="Clean air, easy moves: Grenoble mobility living lab",
    city="Grenoble",
    venue="La Casemate, 2 place Saint-Laurent",
    date="2026-10-08",
    organisers=("Ville de Grenoble, Mobility and Air Quality", "Grenoble-Alpes Métropole", "Air Citizen Lab"),
    controller="Ville de Grenoble",
    privacy_contact="Data protection officer, dpo@grenoble.example",
    web_page="https://grenoble.example/living-lab",
    challenge=(
        "How can we halve traffic-related air pollution around schools and in the city centre by 2030 "
        "while keeping everyone able to get where they need to go?"
    ),
    guiding_questions=(
        "Which trips could you make without a car, and what stops you today?",
        "What should change first around schools?",
        "Which data would help you choose how to travel?",
    ),
    themes=("Cycling", "Public transport", "School streets", "Air data"),
    phases=(
        ("Welcome", 10, 10),
        ("Explore the challenge", 25, 28),
        ("Ideate", 30, 32),
        ("Cluster", 15, 14),
        ("Vote", 15, 16),
        ("Action planning", 30, 27),
        ("Go official", 15, 12),
    ),
    groups=(("Citizens", 13), ("Business", 6), ("City staff", 7), ("NGO", 4)),
    clusters=("Cycling", "Public transport", "School streets", "Air-quality data"),
    ideas=(
        (0, "phone", "Protected bike lane on Cours Jean Jaurès", "Kerb-separated, both directions."),
        (0, "phone", "Secure bike parking at every tram stop", "Lockable boxes, pay with the transit card."),
        (0, "floor", "Cargo-bike library for families", "Borrow a cargo bike for a week."),
        (0, "phone", "Winter maintenance of cycle routes", "Clear snow on the bike network first."),
        (0, "paper", "Bike repair workshops in every district", "Monthly, free, run with volunteers."),
        (0, "phone", "E-bike subsidy for low-income households", "Means-tested, up to 500 euros."),
        (0, "phone", "Bike lessons for adults", "Confidence courses on quiet streets."),
        (0, "floor", "Continuous cycle route to the campus", "Fix the three missing links."),
        (0, "phone", "Green wave for bikes on main avenues", "Traffic lights timed at 20 km/h."),
        (0, "paper", "Bike racks at supermarkets", "Require them in every new building permit."),
        (1, "phone", "Free public transport for under 25s", "Like Dunkirk, start with young people."),
        (1, "phone", "Night trams on weekends", "Every 30 minutes until 2 am."),
        (1, "floor", "Real-time crowding on the app", "Show how full the next tram is."),
        (1, "phone", "Faster bus lanes on the ring road", "Dedicated lanes and signal priority."),
        (1, "paper", "One ticket for bus, tram and regional train", "Single fare zone for the metropole."),
        (1, "phone", "Park-and-ride with tram ticket included", "Parking fee covers the return trip."),
        (1, "phone", "Step-free access at all stops", "For wheelchairs, prams and older people."),
        (1, "floor", "Shuttle to the industrial zone", "Timed with shift changes."),
        (1, "phone", "Heated, sheltered waiting areas", "Benches, shelter and live departure screens."),
        (2, "phone", "School streets closed at drop-off time", "30 minutes morning and afternoon."),
        (2, "phone", "Walking bus with parent volunteers", "Fixed routes and timetables."),
        (2, "floor", "Air sensors at every primary school", "Data shown on a screen at the gate."),
        (2, "paper", "Kiss-and-ride zones 300 m from schools", "Drop children off away from the gate."),
        (2, "phone", "Safe crossings near schools", "Raised crossings and 20 km/h zones."),
        (2, "phone", "Green walls at school playgrounds", "Plants as a barrier to road pollution."),
        (2, "phone", "Bike trains for secondary schools", "Supervised group rides."),
        (2, "floor", "Idling ban near schools", "No engines running while waiting."),
        (2, "phone", "School mobility plans with pupils", "Children map their routes and risks."),
        (3, "phone", "Open air-quality data every hour", "On the city's open-data portal, with an API."),
        (3, "phone", "Pollution alerts by SMS", "Opt-in alerts on bad-air days."),
        (3, "paper", "Citizen sensor network", "Lend 100 low-cost sensors to households."),
        (3, "phone", "Air-quality map in the transit app", "Choose the cleanest route."),
        (3, "floor", "Yearly air report for each district", "Plain language, printed and online."),
        (3, "phone", "Sensors on buses", "Measure along every route."),
        (3, "phone", "Data workshop with schools", "Pupils analyse local measurements."),
        (3, "phone", "Pollution display at the town hall", "A big live screen on the square."),
        (0, "phone", "자전거 도로를 더 안전하게", "아이들도 탈 수 있는 자전거 길."),
        (1, "phone", "夜间电车服务", "周末延长电车运营时间。"),
        (2, "phone", "شوارع مدرسية آمنة للأطفال", "إغلاق الشوارع أمام السيارات وقت المدرسة."),
        (3, "phone", "Clean air for all / 모두를 위한 깨끗한 공기 / هواء نظيف", "One map, three languages."),
        (2, "phone", "Close streets at school gates", "Same as school streets."),
        (1, "phone", "Free transport for young people", "Same as under 25s."),
    ),
    hidden_title="Call me on +33 6 12 34 56 78 about parking",
    duplicates=(
        ("Close streets at school gates", "School streets closed at drop-off time"),
        ("Free transport for young people", "Free public transport for under 25s"),
    ),
    rounds=(("Long list", 5, 2, "hidden"), ("Short list", 3, 2, "live")),
    paper_note="counted from the paper wall by the entrance",
    actions=(
        (
            "School streets pilot at five schools",
            "Claire Martin",
            "Mobility department",
            "Choose the five schools with the parents' associations",
            (
                ("Schools chosen", "2027-01-15", "in-progress"),
                ("Signs and barriers installed", "2027-03-01", "planned"),
                ("Evaluation with air data", "2027-06-30", "planned"),
            ),
            (
                ("council-act", "Municipal traffic order for timed closures"),
                ("department", "Education department"),
                ("dataset", "NO2 at school gates, hourly"),
            ),
        ),
        (
            "Hourly open air-quality data",
            "Julien Bernard",
            "Digital and open data",
            "Agree the licence and format with the regional observatory",
            (("Data agreement", "2027-02-01", "planned"), ("API live", "2027-04-01", "planned")),
            (
                ("dataset", "Air quality, hourly, all stations (CSV and API)"),
                ("announcement", "Press release and open-data portal news"),
            ),
        ),
        (
            "Protected bike lane on Cours Jean Jaurès",
            "Sophie Petit",
            "Public works",
            "Feasibility study with the tram operator",
            (("Feasibility study", "2027-03-31", "planned"), ("Public consultation", "2027-05-31", "planned")),
            (("council-act", "Council vote on the works budget"), ("department", "Public works")),
        ),
        (
            "Free public transport for under 25s",
            "Marc Dubois",
            "Grenoble-Alpes Métropole transport",
            "Cost estimate and funding options",
            (("Cost estimate", "2027-02-28", "planned"),),
            (("council-act", "Metropolitan council fare decision"),),
        ),
        (
            "Secure bike parking at tram stops",
            "Nadia Leroy",
            "Mobility department",
            "Map the twenty busiest stops",
            (("Stops mapped", "2027-01-31", "planned"), ("First boxes installed", "2027-05-01", "planned")),
            (("dataset", "Bike parking occupancy"), ("announcement", "Launch event at the station")),
        ),
    ),
)
