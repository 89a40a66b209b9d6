"""Namespaces and the ontology terms the Python code uses.

`IAC` is closed: using a term that is not listed here raises AttributeError, and a test checks
that every term listed here is declared in `ontology/` (and every ontology term is listed here),
so code and ontology cannot drift apart.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = URIRef("https://w3id.org/iackg/ontology")
IAC_NS = "https://w3id.org/iackg/ontology#"
IACSH_NS = "https://w3id.org/iackg/shapes#"
DEFAULT_BASE = "https://w3id.org/iackg"

IACSH = Namespace(IACSH_NS)
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
IMI = Namespace("http://imi.go.jp/ns/core/rdf#")
WD = Namespace("http://www.wikidata.org/entity/")


class IAC(DefinedNamespace):
    """The iackg ontology (prefix `iac:`)."""

    _NS = Namespace(IAC_NS)
    _fail = True

    # --- classes: resources -------------------------------------------------------------
    RegionalResource: URIRef  # 地域産業資源 (Art. 2(2))
    AgriculturalProduct: URIRef  # 農林水産物
    IndustrialProduct: URIRef  # 鉱工業品
    ProductionTechnique: URIRef  # 鉱工業品の生産に係る技術
    TourismResource: URIRef  # 観光資源

    # --- classes: designation and procedure ---------------------------------------------
    Designation: URIRef  # 指定 (an activity)
    BasicConceptDesignation: URIRef  # designation through an approved 基本構想 (before 2015-08-10)
    DirectDesignation: URIRef  # direct designation by the prefecture (from 2015-08-10)
    BasicConcept: URIRef  # 基本構想
    BusinessPlan: URIRef  # 地域産業資源活用事業計画
    SupportProjectPlan: URIRef  # 地域産業資源活用支援事業計画 (from 2015-08-10)
    Certification: URIRef  # 認定 (an activity)
    HometownSpecialtyDeclaration: URIRef  # ふるさと名物応援宣言
    SupportMeasure: URIRef  # 支援措置
    Act: URIRef  # a law or amending law, with its interval in force
    AgglomerationPlan: URIRef  # 1997 Act: prefectural plan with specific areas and industries
    RegimeItem: URIRef  # anything made, done or provided for under an act (domain of legalBasis)
    Plan: URIRef  # BusinessPlan, SupportProjectPlan, AgglomerationPlan
    SourceTable: URIRef  # an input file (prov:Entity)
    SourceRow: URIRef  # one row of an input file (prov:Entity)

    # --- classes: organisations and places ----------------------------------------------
    Organization: URIRef
    Enterprise: URIRef  # 中小企業者 candidate: a company or sole proprietor
    Cooperative: URIRef  # 組合 (企業組合, 協業組合, 事業協同組合 …)
    NonProfitOrganization: URIRef  # 一般社団法人, 一般財団法人, NPO法人
    GovernmentBody: URIRef
    Ministry: URIRef
    RegionalBureau: URIRef  # 経済産業局, 農政局, 運輸局 …
    AdministrativeArea: URIRef
    Prefecture: URIRef
    Municipality: URIRef

    # --- SKOS concept schemes and their concepts ----------------------------------------
    CategoryScheme: URIRef
    CatAgricultural: URIRef
    CatIndustrial: URIRef
    CatTechnique: URIRef
    CatTourism: URIRef
    StatutoryGroupScheme: URIRef  # the three groups of official statistics
    GroupAgricultural: URIRef
    GroupIndustrial: URIRef  # industrial + technique
    GroupTourism: URIRef
    TourismKindScheme: URIRef
    TourismCulturalProperty: URIRef
    TourismScenicSite: URIRef
    TourismHotSpring: URIRef
    TourismOther: URIRef
    ActivityTypeScheme: URIRef
    ActivityProducts: URIRef  # type 1: goods using an agricultural or industrial resource
    ActivityTechnique: URIRef  # type 2: goods made with a technique resource
    ActivityTourism: URIRef  # type 3: goods or services exploiting a tourism resource
    PlanStyleScheme: URIRef
    StyleDevelopment: URIRef  # 開発・生産型
    StyleDemand: URIRef  # 需要開拓型
    IndustrySectorScheme: URIRef
    SectorManufacturing: URIRef  # also construction, transport, other (the default)
    SectorWholesale: URIRef
    SectorRetail: URIRef
    SectorServices: URIRef
    SectorRubberProducts: URIRef  # Cabinet Order: 300 million yen or 900 staff
    SectorSoftware: URIRef  # Cabinet Order: 300 million yen or 300 staff
    SectorInnsHotels: URIRef  # Cabinet Order: 50 million yen or 200 staff
    LegalFormScheme: URIRef
    FormCorporation: URIRef  # 株式会社, 有限会社, 合同会社 …
    FormSoleProprietor: URIRef  # 個人事業主
    FormCooperative: URIRef
    FormGeneralAssociation: URIRef  # 一般社団法人
    FormGeneralFoundation: URIRef  # 一般財団法人
    FormNPO: URIRef  # 特定非営利活動法人
    FormOtherAssociation: URIRef  # 農業協同組合, 労働組合 …: not SMEs under the Act
    ICDimensionScheme: URIRef  # intellectual-capital dimensions
    HumanCapital: URIRef
    StructuralCapital: URIRef
    RelationalCapital: URIRef

    # --- object properties --------------------------------------------------------------
    category: URIRef  # RegionalResource -> Cat* concept
    statutoryGroup: URIRef  # Cat* concept -> Group* concept (sub-property of skos:broader)
    tourismKind: URIRef  # TourismResource -> Tourism* concept
    producesProduct: URIRef  # ProductionTechnique -> IndustrialProduct
    designates: URIRef  # Designation -> RegionalResource
    hasDesignation: URIRef  # RegionalResource -> Designation (inverse of designates)
    designatedBy: URIRef  # Designation -> Prefecture
    underBasicConcept: URIRef  # BasicConceptDesignation -> BasicConcept
    basicConceptOf: URIRef  # BasicConcept -> Prefecture
    approvedBy: URIRef  # BasicConcept -> Ministry
    coversMunicipality: URIRef  # Designation -> Municipality (the designated area)
    legalBasis: URIRef  # Designation / Certification / BusinessPlan / Declaration -> Act
    amends: URIRef  # Act -> Act
    repeals: URIRef  # Act -> Act
    policyPredecessor: URIRef  # Act -> Act: earlier act in the same line of policy (not a repeal)
    within: URIRef  # AdministrativeArea -> AdministrativeArea (transitive)
    inPrefecture: URIRef  # Municipality -> Prefecture (sub-property of within)
    locatedIn: URIRef  # Organization -> AdministrativeArea
    planPrefecture: URIRef  # BusinessPlan -> Prefecture (submitted via)
    activityType: URIRef  # BusinessPlan -> Activity* concept
    planStyle: URIRef  # BusinessPlan -> Style* concept
    usesResource: URIRef  # BusinessPlan -> RegionalResource
    applicant: URIRef  # BusinessPlan -> Organization
    applicantOf: URIRef  # Organization -> BusinessPlan (inverse of applicant)
    certifies: URIRef  # Certification -> BusinessPlan
    certifiedBy: URIRef  # Certification -> GovernmentBody
    industrySector: URIRef  # Organization -> Sector* concept
    legalForm: URIRef  # Organization -> Form* concept
    parentMinistry: URIRef  # RegionalBureau -> Ministry
    hasJurisdictionOver: URIRef  # RegionalBureau -> Prefecture (its area)
    declaredBy: URIRef  # HometownSpecialtyDeclaration -> Municipality
    featuresResource: URIRef  # HometownSpecialtyDeclaration -> RegionalResource
    supportMeasure: URIRef  # BusinessPlan -> SupportMeasure (measures open to a certified plan)
    providedBy: URIRef  # SupportMeasure -> Organization
    specificArea: URIRef  # AgglomerationPlan -> AdministrativeArea (特定地域)
    specificIndustry: URIRef  # AgglomerationPlan -> skos:Concept (特定業種)
    usesCategory: URIRef  # activity-type concept -> category concept (type 1: agri + industrial …)
    icDimension: URIRef  # concept (category or activity type) -> IC dimension concept
    sourceTable: URIRef  # SourceRow -> SourceTable

    # --- datatype properties ------------------------------------------------------------
    designatedOn: URIRef  # xsd:date
    approvedOn: URIRef  # xsd:date
    certifiedOn: URIRef  # xsd:date
    declaredOn: URIRef  # xsd:date
    validFrom: URIRef  # xsd:date (designations, plans, acts)
    validUntil: URIRef  # xsd:date (inclusive)
    removedOn: URIRef  # xsd:date: a designation withdrawn from the prefecture's list
    regionalTrademarkNumber: URIRef  # a JPO regional collective trademark registration number
    supersededBy: URIRef  # Designation -> the later dated list (SourceTable) without it
    renamedTo: URIRef  # RegionalResource -> the same resource under a later list's name
    listDate: URIRef  # xsd:date: the day a dated list (SourceTable) describes
    promulgatedOn: URIRef  # xsd:date
    coversWholePrefecture: URIRef  # xsd:boolean
    legalArticle: URIRef  # xsd:string, e.g. "第6条第1項"
    planId: URIRef  # xsd:string, as given
    lawNumber: URIRef  # xsd:string, e.g. "平成19年法律第39号"
    jisCode: URIRef  # xsd:string, 2 digits (prefectures)
    isoCode: URIRef  # xsd:string, "JP-13"
    localGovernmentCode: URIRef  # xsd:string, 6 digits with check digit
    codeVerified: URIRef  # xsd:boolean: code checked against the official list
    region: URIRef  # xsd:string (English region name of a prefecture)
    succeededBy: URIRef  # Municipality -> Municipality that took over its area
    referenceSource: URIRef  # xsd:string: where a reference record comes from
    pageNumber: URIRef  # xsd:integer: the PDF page of a source row
    newlyDesignatedInList: URIRef  # xsd:boolean: marked new (red font) in the list read
    corporateNumber: URIRef  # xsd:string, 13 digits
    capitalYen: URIRef  # xsd:integer
    employees: URIRef  # xsd:integer
    capitalLimitYen: URIRef  # xsd:integer, on a Sector* concept: SME threshold
    employeeLimit: URIRef  # xsd:integer, on a Sector* concept: SME threshold
    illustrative: URIRef  # xsd:boolean: made up for the sample, not a real record
    rowNumber: URIRef  # xsd:integer, on a SourceRow: the row as a spreadsheet shows it (header = 1)
    fileName: URIRef  # xsd:string, on a SourceTable
    sha256: URIRef  # xsd:string, on a SourceTable
