"""The portal's addresses (Vietnamese, without diacritics) and its error pages."""

from __future__ import annotations

from django.urls import include, path

from scoring.portal.views import (
                                  appraiser,
                                  auth,
                                  documents,
                                  evidence,
                                  explain,
                                  guide,
                                  health,
                                  home,
                                  leader,
                                  office,
                                  office_audit,
                                  office_late,
                                  office_lower,
                                  office_publish,
                                  office_rounds,
                                  office_rulesets,
                                  office_signin,
                                  office_staff,
                                  password,
                                  unit,
                                  webform,
)

portal_patterns = [
    path("", home.home, name="home"),
    path("dang-nhap/", auth.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth.LogoutView.as_view(), name="logout"),
    path("suc-khoe/", health.health, name="health"),
    path("huong-dan/", guide.guide_index, name="guide"),
    path("huong-dan/<slug:slug>/", guide.guide_part, name="guide-part"),
    path("mat-khau/", password.change, name="password-change"),
    path("van-phong/cap-lai-mat-khau/", password.reset, name="office-reset"),
    path("van-phong/nhat-ky/", office_audit.audit_log, name="office-audit"),
    path("van-phong/nhat-ky.xlsx", office_audit.audit_workbook, name="office-audit-xlsx"),
    path("don-vi/", unit.unit_home, name="unit-home"),
    path("don-vi/nop/", unit.upload, name="unit-upload"),
    path("don-vi/bieu-mau/", unit.template, name="unit-template"),
    path("don-vi/dien/", webform.fill, name="unit-fill"),
    path("don-vi/ket-qua/<int:pk>/", unit.result, name="unit-result"),
    path("don-vi/ket-qua/<int:pk>/tai-ve/", unit.annotated, name="unit-annotated"),
    path("don-vi/giai-trinh/", explain.explanations, name="unit-explanations"),
    path("don-vi/giai-trinh/<str:criterion>/", explain.answer, name="unit-answer"),
    path("don-vi/tai-lieu/<int:pk>/go/", evidence.remove, name="evidence-remove"),
    path("tai-lieu/<int:pk>/", evidence.download, name="evidence-download"),
    path("don-vi/van-ban/", documents.unit_page, name="unit-documents"),
    path("don-vi/van-ban/<str:code>/gui/", documents.upload, name="unit-document-upload"),
    path("van-ban/<int:pk>/", documents.download, name="document-download"),
    path("van-phong/dot/<str:code>/van-ban/", documents.receive, name="office-document-received"),
    path("van-phong/", office.office_home, name="office-home"),
    path("van-phong/dot/<str:code>/trang-thai/", office.move_state, name="office-move"),
    path("van-phong/dot/<str:code>/tai-khoan/", office.create_accounts, name="office-accounts"),
    path("van-phong/dot/<str:code>/chua-nop.xlsx", office.missing_workbook, name="office-missing"),
    path("van-phong/dot/<str:code>/gia-han/", office_late.extend, name="office-extend"),
    path("van-phong/dot/<str:code>/mien-nop-muon/", office_late.waive, name="office-waive"),
    path("van-phong/dot-moi/", office_rounds.new_round, name="office-new-round"),
    path("van-phong/dot/<str:code>/danh-sach/", office_rounds.roster, name="office-roster"),
    path("van-phong/dot/<str:code>/cong-bo/", office_publish.publish, name="office-publish"),
    path("van-phong/dot/<str:code>/dinh-chinh/", office_publish.reopen, name="office-correction"),
    path("van-phong/dot/<str:code>/cong-bo/<int:number>/<str:name>", office_publish.download,
         name="office-download"),
    path("van-phong/bo-tieu-chi/", office_rulesets.rulesets, name="office-rulesets"),
    path("van-phong/can-bo/", office_staff.staff, name="office-staff"),
    path("van-phong/dang-nhap-sai/", office_signin.signins, name="office-signins"),
    path("lanh-dao/", leader.leader_home, name="leader-home"),
    path("cap-duoi/", office_lower.lower, name="office-lower"),
    path("cap-duoi/tong-hop/", office_lower.aggregate, name="office-aggregate"),
    path("tham-dinh/", appraiser.appraiser_home, name="appraiser-home"),
    path("tham-dinh/dot/<str:code>/don-vi/<int:pk>/", appraiser.appraiser_unit, name="appraiser-unit"),
    path("tham-dinh/dot/<str:code>/don-vi/<int:pk>/<str:criterion>/", appraiser.appraise_criterion,
         name="appraiser-change"),
]

urlpatterns = [path("", include((portal_patterns, "portal")))]

handler400 = "scoring.portal.views.errors.bad_request"
handler403 = "scoring.portal.views.errors.permission_denied"
handler404 = "scoring.portal.views.errors.not_found"
handler500 = "scoring.portal.views.errors.server_error"
