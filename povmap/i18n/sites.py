"""Labels of the local-economy pages (LEOS enterprises, product labels, cultural spaces,
innovation communities, livable-city data, village profiles), in Thai and English."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # --- page titles (registered by app.py) ---
    "page_enterprises": ("ผู้ประกอบการในพื้นที่ (LEOS)", "Local enterprises (LEOS)"),
    "page_product": ("ฉลากสินค้าดิจิทัล", "Digital product label"),
    "page_culture": ("พื้นที่เชิงวัฒนธรรม", "Cultural spaces"),
    "page_innovation": ("ชุมชนนวัตกรรมและเมืองน่าอยู่", "Innovation and livable cities"),
    "page_village": ("ข้อมูลหมู่บ้าน", "Village profile"),
    # --- shared ---
    "sites_synthetic": (
        "ผู้ประกอบการ สินค้า สถานที่ เส้นทาง ชุมชนนวัตกรรม และตัวชี้วัดเมืองในหน้านี้เป็นข้อมูลสังเคราะห์เพื่อการสาธิต (ชื่อและตำแหน่งสมมติ)",
        "Enterprises, products, places, routes, innovation communities and city indicators on this page are synthetic demo data (made-up names and places)",
    ),
    "sites_none": (
        "ยังไม่มีข้อมูลสถานที่: ผู้ดูแลระบบนำเข้าได้",
        "No site data yet: an administrator can import it",
    ),
    "sites_kind_enterprise": ("ผู้ประกอบการ", "Enterprises"),
    "sites_kind_cultural_site": ("แหล่งวัฒนธรรม", "Cultural sites"),
    "sites_kind_cultural_product": ("แหล่งกำเนิดผลิตภัณฑ์วัฒนธรรม", "Origins of cultural products"),
    "sites_kind_market": ("ตลาด", "Markets"),
    "sites_kind_tourism_route": ("เส้นทางท่องเที่ยว", "Tourism routes"),
    "sites_kind_innovation_community": ("ชุมชนนวัตกรรม", "Innovation communities"),
    "sites_kind_technology": ("เทคโนโลยีและนวัตกรรม", "Technologies and innovations"),
    "sites_kind_product": ("สินค้า", "Products"),
    "sites_kind": ("ชนิด", "Kind"),
    "sites_name": ("ชื่อ", "Name"),
    "sites_category": ("ประเภท", "Category"),
    "sites_area": ("พื้นที่", "Area"),
    "sites_search": ("ค้นหา (ไทยหรืออังกฤษ)", "Search (Thai or English)"),
    "sites_search_hint": ("พิมพ์ชื่อ คำอธิบาย หรือประเภท", "Type a name, description or category"),
    "sites_approximate": (
        "ตำแหน่งโดยประมาณ (จุดกลางของพื้นที่)",
        "Approximate place (the area's centre)",
    ),
    "sites_approx_short": ("ประมาณ", "approx."),
    "sites_place": ("ตำแหน่ง", "Place"),
    "sites_members": ("สมาชิก (คน)", "Members"),
    "sites_contact": ("ผู้ติดต่อ", "Contact"),
    "sites_phone": ("โทรศัพท์", "Phone"),
    "sites_website": ("เว็บไซต์", "Website"),
    "sites_source": ("แหล่งข้อมูล", "Source"),
    "sites_updated": ("ข้อมูล ณ", "Data as of"),
    "sites_started": ("เริ่มดำเนินการ", "Started"),
    "sites_description": ("รายละเอียด", "Description"),
    "sites_count": ("{n} รายการ", "{n} records"),
    "sites_no_match": ("ไม่มีรายการตามเงื่อนไขที่เลือก", "Nothing matches the selection"),
    "sites_legend": ("สถานที่", "Places"),
    "sites_legend_approx": ("เส้นประ = ตำแหน่งโดยประมาณ", "Dashed = approximate place"),
    "sites_stop": ("จุดแวะที่ {n}", "Stop {n}"),
    "sites_stops": ("{n} จุดแวะ", "{n} stops"),
    "sites_open": ("เปิด", "Open"),
    "sites_link": ("ลิงก์", "Link"),
    "sites_distance_km": ("ระยะทาง (กม.)", "Distance (km)"),
    "sites_list_title": ("รายการสถานที่", "List of places"),
    "sites_map_caption": (
        "แผนที่: {layers} บนแผนที่{metric}ราย{level} รอบ {round} · สถานที่รวมกลุ่มเมื่อย่อแผนที่ ซูมเข้าเพื่อดูแต่ละจุด · เปิดปิดชั้นข้อมูลได้ที่มุมขวาบน",
        "Map: {layers} over {metric} by {level}, round {round} · places cluster when zoomed out; zoom in for each one · toggle layers at the top right",
    ),
    "sites_model_note": (
        "การจับคู่เทคโนโลยีกับสาเหตุเป็นแบบจำลองของโครงการนี้ ไม่ใช่เกณฑ์ของแผนงาน",
        "Matching technologies to causes is this project's model, not a programme rule",
    ),
    # --- enterprises (LEOS) ---
    "sites_ent_title": ("ผู้ประกอบการในพื้นที่", "Local enterprises"),
    "sites_ent_caption": (
        "ระบบปฏิบัติการเกื้อกูล (LEOS): ฐานข้อมูลผู้ประกอบการชุมชน สินค้า และฉลากดิจิทัล ตามห่วงโซ่คุณค่า",
        "Local Enterprise's Operating System (LEOS): community enterprises, their products and digital labels along the value chain",
    ),
    "sites_ent_count": ("ผู้ประกอบการ", "Enterprises"),
    "sites_ent_products": ("สินค้า", "Products"),
    "sites_ent_members": ("สมาชิกรวม", "Members in total"),
    "sites_ent_certified": ("สินค้าที่ได้มาตรฐาน", "Certified products"),
    "sites_ent_certified_help": (
        "สินค้าที่มีมาตรฐานอย่างน้อยหนึ่งอย่าง (OTOP, อย., มผช., GI, อินทรีย์ ...)",
        "Products holding at least one certification (OTOP, Thai FDA, TCPS, GI, organic ...)",
    ),
    "sites_ent_product_type": ("ประเภทสินค้า", "Product type"),
    "sites_ent_stage": ("ตำแหน่งในห่วงโซ่คุณค่า", "Value-chain stage"),
    "sites_ent_enterprise_type": ("ประเภทผู้ประกอบการ", "Kind of enterprise"),
    "sites_ent_chain_title": (
        "ผู้ประกอบการตามห่วงโซ่คุณค่าและประเภทสินค้า",
        "Enterprises by value-chain stage and product type",
    ),
    "sites_ent_pick": ("ดูข้อมูลผู้ประกอบการ", "Open an enterprise profile"),
    "sites_ent_profile": ("ข้อมูลผู้ประกอบการ", "Enterprise profile"),
    "sites_ent_registration": ("เลขทะเบียน", "Registration no."),
    "sites_ent_product_list": ("สินค้าของผู้ประกอบการ", "The enterprise's products"),
    "sites_ent_open_label": ("ฉลากดิจิทัล", "Digital label"),
    "sites_ent_no_products": ("ยังไม่มีสินค้าที่บันทึก", "No products recorded yet"),
    "sites_ent_near_poor": (
        "ครัวเรือนยากจนในตำบลเดียวกัน (รอบ {round})",
        "Poor households in the same subdistrict (round {round})",
    ),
    # --- product label ---
    "sites_prod_pick": ("เลือกสินค้า", "Choose a product"),
    "sites_prod_not_found": ("ไม่พบสินค้ารหัส {id}", "No product with ID {id}"),
    "sites_prod_maker": ("ผู้ผลิต", "Made by"),
    "sites_prod_origin": ("แหล่งผลิต", "Made in"),
    "sites_prod_materials": ("วัตถุดิบ", "Raw materials"),
    "sites_prod_price": ("ราคา", "Price"),
    "sites_prod_price_value": ("{price} บาท / {unit}", "{price} baht / {unit}"),
    "sites_prod_certifications": ("มาตรฐานที่ได้รับ", "Certifications"),
    "sites_prod_none": ("—", "—"),
    "sites_prod_sold_at": ("จำหน่ายที่", "Sold at"),
    "sites_prod_chain": ("ห่วงโซ่คุณค่า", "Value chain"),
    "sites_prod_chain_up": ("ต้นน้ำ: วัตถุดิบ", "Upstream: raw materials"),
    "sites_prod_chain_mid": ("กลางน้ำ: ผู้ผลิต", "Midstream: maker"),
    "sites_prod_chain_down": ("ปลายน้ำ: จำหน่าย", "Downstream: sales"),
    "sites_prod_direct": ("ผู้ผลิตจำหน่ายเอง", "Sold by the maker"),
    "sites_prod_scan": ("สแกนเพื่อเปิดฉลากนี้", "Scan to open this label"),
    "sites_prod_qr_png": ("ดาวน์โหลด QR (PNG)", "Download QR (PNG)"),
    "sites_prod_qr_svg": ("ดาวน์โหลด QR (SVG สำหรับพิมพ์)", "Download QR (SVG, for print)"),
    "sites_prod_print_hint": (
        "พิมพ์ฉลาก: ใช้คำสั่งพิมพ์ของเบราว์เซอร์ (Ctrl+P) ระบบจะพิมพ์เฉพาะฉลาก",
        "To print the label use the browser's print command (Ctrl+P): only the label is printed",
    ),
    "sites_prod_url": ("ลิงก์ของฉลาก (คิวอาร์โค้ดเปิดลิงก์นี้)", "Label address (the QR code opens it)"),
    "sites_prod_synthetic_stamp": ("ตัวอย่าง · ข้อมูลสังเคราะห์", "Sample · synthetic data"),
    "sites_prod_other": ("สินค้าอื่นของผู้ผลิตรายนี้", "Other products of this maker"),
    "sites_prod_id": ("รหัสสินค้า", "Product ID"),
    # --- cultural spaces ---
    "sites_cult_title": ("พื้นที่เชิงวัฒนธรรม", "Cultural spaces"),
    "sites_cult_caption": (
        "ทุนทางศิลปะและวัฒนธรรมท้องถิ่นข้างครัวเรือนยากจน: แหล่งวัฒนธรรม แหล่งกำเนิดผลิตภัณฑ์ ตลาด และเส้นทางท่องเที่ยว",
        "Local art and culture beside the poor: cultural sites, origins of cultural products, markets and tourism routes",
    ),
    "sites_cult_more_layers": (
        "แสดงผู้ประกอบการและชุมชนนวัตกรรมด้วย",
        "Also show enterprises and innovation communities",
    ),
    "sites_cult_kinds": ("ชนิดสถานที่", "Kinds of place"),
    # --- innovation ---
    "sites_inno_title": ("ชุมชนนวัตกรรมและเมืองน่าอยู่", "Innovation communities and livable cities"),
    "sites_inno_tab_library": ("คลังเทคโนโลยีและนวัตกรรม", "Technology and innovation library"),
    "sites_inno_tab_area": ("เทคโนโลยีที่ตรงกับปัญหาของพื้นที่", "Technologies for this area's causes"),
    "sites_inno_tab_communities": ("ชุมชนนวัตกรรม", "Innovation communities"),
    "sites_inno_tab_city": ("ข้อมูลเมืองน่าอยู่", "Livable-city data"),
    "sites_inno_causes": ("สาเหตุที่แก้", "Causes addressed"),
    "sites_inno_indicators": ("ตัวชี้วัด จปฐ. ที่แก้", "BMN indicators addressed"),
    "sites_inno_capitals": ("ทุนที่เสริม", "Capitals strengthened"),
    "sites_inno_cost": ("ต้นทุนโดยประมาณ (บาท)", "Approximate cost (baht)"),
    "sites_inno_readiness": ("ความพร้อม", "Readiness"),
    "sites_inno_adopted": ("หมู่บ้านที่นำไปใช้", "Villages using it"),
    "sites_inno_detail": ("ดูรายละเอียดเทคโนโลยี", "Technology details"),
    "sites_inno_top_causes": (
        "สาเหตุหลักของครัวเรือนยากจนใน{area} (รอบ {round}): {causes}",
        "Main causes of poor households in {area} (round {round}): {causes}",
    ),
    "sites_inno_rank": ("อันดับ", "Rank"),
    "sites_inno_score": ("คะแนน", "Score"),
    "sites_inno_reason": ("เหตุผล", "Why"),
    "sites_inno_reason_causes": (
        "ตรงกับสาเหตุ {causes}: รวม {share} ของครัวเรือนยากจน",
        "targets {causes}: together {share} of poor households",
    ),
    "sites_inno_reason_indicator": (
        'แก้ตัวชี้วัด "{indicator}" ที่ครัวเรือนยากจน {share} ไม่ผ่าน',
        'addresses "{indicator}", failed by {share} of poor households',
    ),
    "sites_inno_score_help": (
        "คะแนน = สัดส่วนครัวเรือนยากจนที่มีสาเหตุหลักตรงกับเทคโนโลยี (เฉพาะ {n} สาเหตุแรก) + {w} × สัดส่วนที่ไม่ผ่านตัวชี้วัดที่เทคโนโลยีแก้ได้มากที่สุด",
        "Score = share of poor households whose main cause the technology targets (top {n} causes only) + {w} × the largest share failing an indicator it addresses",
    ),
    "sites_inno_no_poor": (
        "ไม่มีครัวเรือนยากจนในพื้นที่นี้ในรอบที่เลือก",
        "No poor households in this area in the chosen round",
    ),
    "sites_inno_no_match": (
        "ไม่มีเทคโนโลยีในคลังที่ตรงกับสาเหตุหลักของพื้นที่นี้",
        "No technology in the library targets this area's main causes",
    ),
    "sites_inno_community_adoptions": ("เทคโนโลยีที่นำไปใช้", "Technologies brought"),
    "sites_inno_villages_reached": ("หมู่บ้านที่เข้าถึง", "Villages reached"),
    "sites_inno_households_reached": ("ครัวเรือนที่ใช้", "Households using them"),
    "sites_inno_no_library": (
        "คลังเทคโนโลยียังว่าง: ผู้ดูแลระบบนำเข้าได้",
        "The library is empty: an administrator can import it",
    ),
    # --- livable city ---
    "sites_city_indicator": ("ตัวชี้วัด", "Indicator"),
    "sites_city_caption": (
        "แผนที่: {indicator} ราย{level} · ค่าล่าสุดของแต่ละพื้นที่ · {direction}",
        "Map: {indicator} by {level} · latest value of each area · {direction}",
    ),
    "sites_city_higher_better": ("ค่ามาก = ดี (สีเขียวเข้ม)", "higher is better (darker green)"),
    "sites_city_lower_better": (
        "ค่าน้อย = ดี (สีแดงเข้ม = แย่)",
        "lower is better (darker red is worse)",
    ),
    "sites_city_value": ("ค่า", "Value"),
    "sites_city_year": ("ปีข้อมูล (พ.ศ.)", "Year of data (BE)"),
    "sites_city_none": (
        "ยังไม่มีข้อมูลเมืองน่าอยู่: ผู้ดูแลระบบนำเข้าได้",
        "No livable-city data yet: an administrator can import it",
    ),
    "sites_city_none_here": (
        "ไม่มีค่าของตัวชี้วัดนี้ในระดับ{level}ของพื้นที่ที่เลือก",
        "No values of this indicator by {level} in the selected area",
    ),
    # --- village profile ---
    "sites_vil_pick": ("เลือกหมู่บ้าน", "Choose a village"),
    "sites_vil_code": ("รหัสหมู่บ้าน 8 หลัก", "8-digit village code"),
    "sites_vil_not_found": ("ไม่พบหมู่บ้านรหัส {code}", "No village with code {code}"),
    "sites_vil_hint": (
        "เลือกหมู่บ้านจากรายการ หรือพิมพ์รหัส 8 หลัก (ลิงก์ของหน้านี้เปิดหมู่บ้านเดิมได้)",
        "Pick a village from the list or type its 8-digit code (this page's link reopens the same village)",
    ),
    "sites_vil_title": ("{name} หมู่ที่ {no}", "{name}, village no. {no}"),
    "sites_vil_stats_note": (
        "ตัวเลขชุดเดียวกับสถิติรายหมู่บ้านที่ระบบส่งออก (รอบ {round})",
        "The same numbers as the system's village statistics (round {round})",
    ),
    "sites_vil_capitals": (
        "ทุน 5 ด้านของครัวเรือนยากจน (คะแนนเฉลี่ย 1-4)",
        "Five capitals of poor households (mean score 1-4)",
    ),
    "sites_vil_causes": ("สาเหตุหลักของความยากจน", "Main causes of poverty"),
    "sites_vil_indicators": ("ตัวชี้วัดที่ไม่ผ่านมากที่สุด", "Indicators failed most"),
    "sites_vil_referrals": ("การส่งต่อความช่วยเหลือ", "Referrals for assistance"),
    "sites_vil_referrals_none": (
        "ยังไม่มีการส่งต่อความช่วยเหลือของหมู่บ้านนี้",
        "No referrals for this village yet",
    ),
    "sites_vil_referrals_unavailable": (
        "ระบบส่งต่อความช่วยเหลือยังไม่เปิดใช้ในระบบนี้",
        "The referral system is not set up on this deployment",
    ),
    "sites_vil_referral_status": ("สถานะ", "Status"),
    "sites_vil_nearby": (
        "สถานที่และผู้ประกอบการใกล้หมู่บ้าน (ภายใน {km} กม.)",
        "Places and enterprises near the village (within {km} km)",
    ),
    "sites_vil_nearby_none": ("ไม่มีสถานที่ในระยะ {km} กม.", "No places within {km} km"),
    "sites_vil_adopted": ("เทคโนโลยีที่หมู่บ้านนำไปใช้", "Technologies the village uses"),
    "sites_vil_adopted_none": ("ยังไม่มีบันทึกการนำเทคโนโลยีไปใช้", "No technology adoption recorded"),
    "sites_vil_suggested": (
        "เทคโนโลยีที่แนะนำตามสาเหตุของหมู่บ้าน",
        "Technologies suggested for the village's causes",
    ),
    "sites_vil_suppressed": (
        "หมู่บ้านนี้มีครัวเรือนที่สำรวจน้อยกว่า {n} ครัวเรือน: ไม่แสดงรายละเอียดรายหมู่บ้าน",
        "This village has fewer than {n} surveyed households: village-level detail is not shown",
    ),
    "sites_vil_no_poor": (
        "ไม่มีครัวเรือนยากจนในหมู่บ้านนี้ในรอบที่เลือก",
        "No poor households in this village in the chosen round",
    ),
    "sites_vil_no_households": (
        "ไม่มีครัวเรือนที่สำรวจในหมู่บ้านนี้ในรอบที่เลือก",
        "No surveyed households in this village in the chosen round",
    ),
    "sites_vil_households_by_level": ("ครัวเรือนตามระดับ", "Households by level"),
    # --- default lists of the household, village and product pages ---
    "list_page": ("หน้า", "Page"),
    "list_showing": ("แสดงลำดับที่ {first}–{last} จาก {total}", "Showing {first}–{last} of {total}"),
    "list_click_row": ("คลิกที่แถวเพื่อเปิดดู", "Click a row to open it"),
    "hhlist_title": (
        "ครัวเรือนใน{area} ที่ไม่ผ่านเกณฑ์ จปฐ. มากที่สุด (รอบ {round})",
        "Households of {area} failing the most BMN indicators (round {round})",
    ),
    "hhlist_pick_province": (
        "เลือกจังหวัดที่แถบด้านข้าง หรือคลิกจังหวัดในตารางด้านล่าง เพื่อดูรายชื่อครัวเรือน",
        "Pick a province in the sidebar, or click one in the table below, to list its households",
    ),
    "hhlist_provinces": (
        "จังหวัดที่มีข้อมูลครัวเรือน (รอบ {round})",
        "Provinces with household data (round {round})",
    ),
    "hhlist_failed": ("ตัวชี้วัดที่ไม่ผ่าน", "Indicators failed"),
    "hhlist_with_failed": (
        "ครัวเรือนที่ไม่ผ่านอย่างน้อย 1 ตัวชี้วัด",
        "Households failing at least one indicator",
    ),
    "hhlist_none": (
        "ไม่มีครัวเรือนที่สำรวจใน{area} ในรอบที่เลือก",
        "No surveyed households in {area} in the chosen round",
    ),
    "villist_title": (
        "หมู่บ้านใน{area} เรียงตามจำนวนครัวเรือนยากจน (รอบ {round})",
        "Villages of {area}, most poor households first (round {round})",
    ),
    "villist_suppressed": (
        "ปกปิดตัวเลขของหมู่บ้านที่มีครัวเรือนสำรวจน้อยกว่า {n} ครัวเรือน",
        "Numbers of villages with fewer than {n} surveyed households are suppressed",
    ),
    "prodlist_title": ("สินค้าใน{area}", "Products of {area}"),
    "prodlist_none": ("ยังไม่มีสินค้าที่บันทึกใน{area}", "No products recorded in {area} yet"),
    # --- area-indicator import (livable city) ---
    "city_imp_title": ("นำเข้าไฟล์ตัวชี้วัดรายพื้นที่", "Import an area-indicator file"),
    "city_imp_hint": (
        "ไฟล์ที่มีเพียงคอลัมน์พื้นที่ (เช่น “จังหวัด” พิมพ์ชื่ออย่างที่ใช้กัน หรือรหัส) และคอลัมน์ค่า "
        "ก็นำเข้าได้: ระบบแสดงว่าอ่านหัวคอลัมน์อย่างไร แล้วถามข้อมูลที่ไฟล์ไม่มี "
        "ไม่มีข้อมูลใดถูกบันทึกจนกว่าทุกแถวจะถูกต้อง",
        "A file of just an area column (e.g. “province”, names as people type them, or codes) "
        "and a value column is enough: you see how its headers are read, then give what the "
        "file leaves out. Nothing is stored unless every row is valid.",
    ),
    "city_imp_file": (
        "ไฟล์ตัวชี้วัด (CSV, Excel หรือ Parquet)",
        "Indicator file (CSV, Excel or Parquet)",
    ),
    "city_imp_read": (
        "{file}: {rows} แถว · หัวตารางอยู่บรรทัดที่ {line}",
        "{file}: {rows} rows · header on line {line}",
    ),
    "city_imp_value_col": ("คอลัมน์ที่เป็นค่าของตัวชี้วัด", "Column holding the values"),
    "city_imp_no_value": (
        "ไม่พบคอลัมน์ค่าของตัวชี้วัด: เลือกคอลัมน์ที่เป็นตัวเลขด้านล่าง",
        "No value column found: choose the column of numbers below",
    ),
    "city_imp_no_area": (
        "ไม่พบคอลัมน์พื้นที่ (จังหวัด อำเภอ ตำบล หรือรหัสพื้นที่): ไฟล์นี้นำเข้าไม่ได้",
        "No area column found (province, district, subdistrict or area code): this file cannot be imported",
    ),
    "city_imp_meta": ("ข้อมูลที่ไฟล์ไม่มี", "What the file leaves out"),
    "city_imp_direction": ("ทิศทางของตัวชี้วัด (ใช้จัดอันดับพื้นที่)", "Direction (ranks the areas)"),
    "city_imp_higher": ("ค่ามากดีกว่า", "Higher is better"),
    "city_imp_lower": ("ค่าน้อยดีกว่า", "Lower is better"),
    "city_imp_need": ("กรอกให้ครบก่อนนำเข้า: {fields}", "Fill in before importing: {fields}"),
    "city_imp_go": ("ตรวจสอบและนำเข้า", "Check and import"),
    "city_imp_done": (
        "นำเข้า {file} แล้ว {n} แถว: ใหม่ {new} · แทนที่ {replaced} · ไม่เปลี่ยน {unchanged}",
        "Imported {n} rows of {file}: {new} new · {replaced} replaced · {unchanged} unchanged",
    ),
    "city_imp_failed": (
        "ไม่ได้นำเข้า: พบปัญหา {n} รายการ (ไม่มีข้อมูลใดถูกบันทึก)",
        "Nothing imported: {n} problem(s) (nothing was stored)",
    ),
    "sites_city_rank": ("อันดับ", "Rank"),
    "sites_city_rank_note": (
        "อันดับ 1 = ดีที่สุดในบรรดาพื้นที่ที่แสดง ({direction}; ค่าเท่ากันได้อันดับเดียวกัน)",
        "Rank 1 = best of the areas shown ({direction}; equal values share a rank)",
    ),
    "sites_city_direction_unknown": (
        "ไม่ทราบว่าค่ามากหรือค่าน้อยดีกว่า จึงไม่จัดอันดับ (นำเข้าใหม่พร้อมระบุทิศทาง)",
        "Whether higher or lower is better is not known, so areas are not ranked (re-import with the direction)",
    ),
}
