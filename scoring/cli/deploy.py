"""``dvk deploy linux|windows``: argument parsing only; the work is in scoring.portal.deployment."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register ``deploy`` under the ``dvk`` parser."""
    from scoring.cli.round import at_least_one

    p = sub.add_parser("deploy", help="tạo bộ tệp cài cổng chấm điểm lên máy chủ Linux hoặc Windows (dịch vụ, "
                                      "HTTPS, sao lưu hằng đêm) kèm hướng dẫn từng bước HUONG-DAN.md")
    p.add_argument("target", choices=["linux", "windows"], metavar="HỆ_ĐIỀU_HÀNH", help="linux hoặc windows")
    p.add_argument("--ten-mien", required=True, metavar="TÊN_MIỀN",
                   help="tên miền người dùng gõ để vào cổng, ví dụ dvk.tinh.gov.vn")
    p.add_argument("--out", required=True, metavar="THƯ_MỤC",
                   help="thư mục ghi các tệp (chạy lại chỉ thay các tệp do lệnh này ghi, giữ khóa bí mật cũ)")
    p.add_argument("--cai-vao", default=None, metavar="THƯ_MỤC",
                   help="thư mục của bộ tệp trên máy chủ (mặc định: THƯ_MỤC của --out khi tạo ngay trên máy "
                        "chủ cùng loại; không thì /etc/dvk hoặc C:\\dvk\\trien-khai)")
    p.add_argument("--workspace", default=None, metavar="THƯ_MỤC",
                   help="thư mục làm việc trên máy chủ (mặc định /var/lib/dvk/lam-viec hoặc C:\\dvk\\lam-viec)")
    p.add_argument("--database", default=None, metavar="URL",
                   help="PostgreSQL: postgresql://người_dùng@máy/tên_csdl (mặc định trên Linux: PostgreSQL trên "
                        "chính máy đó, cơ sở dữ liệu dvk); sqlite: tệp trong thư mục làm việc (mặc định trên Windows)")
    p.add_argument("--port", type=int, default=8000, metavar="CỔNG", help="cổng của dvk serve trên máy chủ "
                   "(chỉ nghe 127.0.0.1; mặc định 8000)")
    p.add_argument("--sao-luu", default=None, metavar="THƯ_MỤC",
                   help="thư mục chứa các bản sao lưu hằng đêm (mặc định /var/backups/dvk hoặc C:\\dvk\\sao-luu)")
    p.add_argument("--giu", type=at_least_one, default=14, metavar="N", help="số bản sao lưu giữ lại (mặc định 14)")
    p.add_argument("--gio-sao-luu", default="02:00", metavar="GIỜ:PHÚT", help="giờ sao lưu mỗi đêm (mặc định 02:00)")
    p.add_argument("--python", default=None, metavar="TỆP",
                   help="chương trình python của môi trường đã cài dvk trên máy chủ (mặc định: python đang chạy "
                        "lệnh này khi tạo ngay trên máy chủ; không thì /opt/dvk/venv/bin/python hoặc "
                        "C:\\dvk\\venv\\Scripts\\python.exe)")
    p.add_argument("--chung-chi", default=None, metavar="TỆP", help="chứng chỉ HTTPS của đơn vị (PEM, cả chuỗi); "
                   "bỏ trống: Caddy tự xin, nginx dùng chứng chỉ Let's Encrypt của certbot")
    p.add_argument("--khoa-rieng", default=None, metavar="TỆP", help="khóa riêng của chứng chỉ --chung-chi (PEM)")
    p.set_defaults(run=cmd_deploy)


def cmd_deploy(args: argparse.Namespace) -> int:
    from scoring.portal.deployment import make_plan, previous_key, write_deployment

    out = Path(args.out)
    plan = make_plan(args.target, args.ten_mien, out, install=args.cai_vao, workspace=args.workspace,
                     backups=args.sao_luu, keep=args.giu, port=args.port, database=args.database,
                     python=args.python, certificate=args.chung_chi, key=args.khoa_rieng,
                     backup_time=args.gio_sao_luu, secret_key=previous_key(out))
    written = write_deployment(plan, out)
    print(f"Đã ghi {len(written)} tệp triển khai cho {plan.domain} vào {out}:")
    for path in written:
        print(f"  {path.name}")
    print(f"Làm theo {out / 'HUONG-DAN.md'} (đặt thư mục này tại {plan.install} trên máy chủ).")
    return 0
