using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Providers.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class FormFiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FormFiles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssignmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FieldId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    FileNameCipher = table.Column<byte[]>(type: "BLOB", nullable: false),
                    ContentCipher = table.Column<byte[]>(type: "BLOB", nullable: false),
                    UploadedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FormFiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FormFiles_FormAssignments_AssignmentId",
                        column: x => x.AssignmentId,
                        principalTable: "FormAssignments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FormFiles_AssignmentId",
                table: "FormFiles",
                column: "AssignmentId");

            migrationBuilder.CreateIndex(
                name: "IX_FormFiles_PatientId_AssignmentId_FieldId",
                table: "FormFiles",
                columns: new[] { "PatientId", "AssignmentId", "FieldId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FormFiles");
        }
    }
}
