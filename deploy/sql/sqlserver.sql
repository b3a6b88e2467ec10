IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL
BEGIN
    CREATE TABLE [__EFMigrationsHistory] (
        [MigrationId] nvarchar(150) NOT NULL,
        [ProductVersion] nvarchar(32) NOT NULL,
        CONSTRAINT [PK___EFMigrationsHistory] PRIMARY KEY ([MigrationId])
    );
END;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [AspNetRoles] (
        [Id] uniqueidentifier NOT NULL,
        [Name] nvarchar(256) NULL,
        [NormalizedName] nvarchar(256) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoles] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [AspNetUsers] (
        [Id] uniqueidentifier NOT NULL,
        [DisplayName] nvarchar(200) NOT NULL,
        [CreatedUtc] datetime2 NOT NULL,
        [UserName] nvarchar(256) NULL,
        [NormalizedUserName] nvarchar(256) NULL,
        [Email] nvarchar(256) NULL,
        [NormalizedEmail] nvarchar(256) NULL,
        [EmailConfirmed] bit NOT NULL,
        [PasswordHash] nvarchar(max) NULL,
        [SecurityStamp] nvarchar(max) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        [PhoneNumber] nvarchar(max) NULL,
        [PhoneNumberConfirmed] bit NOT NULL,
        [TwoFactorEnabled] bit NOT NULL,
        [LockoutEnd] datetimeoffset NULL,
        [LockoutEnabled] bit NOT NULL,
        [AccessFailedCount] int NOT NULL,
        CONSTRAINT [PK_AspNetUsers] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [AuditEntries] (
        [Id] bigint NOT NULL IDENTITY,
        [TimestampUtc] datetime2 NOT NULL,
        [ActorId] uniqueidentifier NULL,
        [ActorRole] nvarchar(32) NULL,
        [PatientId] uniqueidentifier NULL,
        [Action] nvarchar(64) NOT NULL,
        [Outcome] nvarchar(32) NOT NULL,
        [TargetId] nvarchar(64) NULL,
        [SourceIp] nvarchar(64) NULL,
        CONSTRAINT [PK_AuditEntries] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [BreakGlassGrants] (
        [Id] uniqueidentifier NOT NULL,
        [StaffId] uniqueidentifier NOT NULL,
        [PatientId] uniqueidentifier NOT NULL,
        [ReasonCipher] varbinary(max) NOT NULL,
        [GrantedUtc] datetime2 NOT NULL,
        [ExpiresUtc] datetime2 NOT NULL,
        CONSTRAINT [PK_BreakGlassGrants] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [DeliveryEvents] (
        [Id] bigint NOT NULL IDENTITY,
        [OutboxId] uniqueidentifier NOT NULL,
        [ReferenceId] uniqueidentifier NOT NULL,
        [Kind] int NOT NULL,
        [AtUtc] datetime2 NOT NULL,
        [Detail] nvarchar(500) NULL,
        CONSTRAINT [PK_DeliveryEvents] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [DomainTlsStatuses] (
        [Domain] nvarchar(255) NOT NULL,
        [Verified] bit NOT NULL,
        [Evidence] nvarchar(500) NOT NULL,
        [CheckedUtc] datetime2 NOT NULL,
        CONSTRAINT [PK_DomainTlsStatuses] PRIMARY KEY ([Domain])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [Forms] (
        [Id] nvarchar(64) NOT NULL,
        [Title] nvarchar(200) NOT NULL,
        [DraftJson] nvarchar(max) NULL,
        [LatestVersion] int NULL,
        [CreatedUtc] datetimeoffset NOT NULL,
        [UpdatedUtc] datetimeoffset NOT NULL,
        CONSTRAINT [PK_Forms] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [FormSubmissions] (
        [Id] uniqueidentifier NOT NULL,
        [PatientId] uniqueidentifier NULL,
        [AssignmentId] uniqueidentifier NULL,
        [PublicLinkId] uniqueidentifier NULL,
        [FormId] nvarchar(64) NOT NULL,
        [FormVersion] int NOT NULL,
        [FormContentHash] nvarchar(64) NOT NULL,
        [SignedContentHash] nvarchar(64) NOT NULL,
        [SignerId] uniqueidentifier NULL,
        [SubmittedUtc] datetime2 NOT NULL,
        [RecordCipher] varbinary(max) NOT NULL,
        [WrappedKey] varbinary(max) NULL,
        [AttachedUtc] datetime2 NULL,
        [PublicNonceHash] nvarchar(64) NULL,
        CONSTRAINT [PK_FormSubmissions] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [FormWebhookDeliveries] (
        [Id] uniqueidentifier NOT NULL,
        [SubmissionId] uniqueidentifier NOT NULL,
        [CreatedUtc] datetime2 NOT NULL,
        [NextAttemptUtc] datetime2 NOT NULL,
        [Attempts] int NOT NULL,
        [DeliveredUtc] datetime2 NULL,
        [FailedUtc] datetime2 NULL,
        [LastError] nvarchar(200) NULL,
        CONSTRAINT [PK_FormWebhookDeliveries] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [ListUnsubscriptions] (
        [RecipientId] uniqueidentifier NOT NULL,
        [ListId] uniqueidentifier NOT NULL,
        [AtUtc] datetime2 NOT NULL,
        CONSTRAINT [PK_ListUnsubscriptions] PRIMARY KEY ([RecipientId], [ListId])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [MarketingContents] (
        [Id] uniqueidentifier NOT NULL,
        [ListId] uniqueidentifier NOT NULL,
        [Subject] nvarchar(200) NOT NULL,
        [BodyTemplate] nvarchar(max) NOT NULL,
        [CreatedUtc] datetime2 NOT NULL,
        CONSTRAINT [PK_MarketingContents] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [Outbox] (
        [Id] uniqueidentifier NOT NULL,
        [Kind] int NOT NULL,
        [RecipientId] uniqueidentifier NOT NULL,
        [ReferenceId] uniqueidentifier NOT NULL,
        [CreatedUtc] datetime2 NOT NULL,
        [NextAttemptUtc] datetime2 NOT NULL,
        [LeaseUntilUtc] datetime2 NULL,
        [LeaseToken] uniqueidentifier NULL,
        [RecipientAddress] nvarchar(320) NULL,
        [Attempts] int NOT NULL,
        [SentUtc] datetime2 NULL,
        [FailedUtc] datetime2 NULL,
        [LastError] nvarchar(500) NULL,
        CONSTRAINT [PK_Outbox] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [PasskeyChallenges] (
        [Id] uniqueidentifier NOT NULL,
        [Purpose] nvarchar(16) NOT NULL,
        [UserId] uniqueidentifier NULL,
        [OptionsJson] nvarchar(max) NOT NULL,
        [ExpiresUtc] datetime2 NOT NULL,
        CONSTRAINT [PK_PasskeyChallenges] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [PatientDataKeys] (
        [PatientId] uniqueidentifier NOT NULL,
        [WrappedKey] varbinary(max) NOT NULL,
        [KeyEncryptionKeyId] nvarchar(64) NOT NULL,
        [CreatedUtc] datetime2 NOT NULL,
        CONSTRAINT [PK_PatientDataKeys] PRIMARY KEY ([PatientId])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [PublicFormFiles] (
        [Id] uniqueidentifier NOT NULL,
        [SubmissionId] uniqueidentifier NOT NULL,
        [LinkId] uniqueidentifier NOT NULL,
        [FieldId] nvarchar(100) NOT NULL,
        [PatientId] uniqueidentifier NULL,
        [ContentType] nvarchar(100) NOT NULL,
        [SizeBytes] bigint NOT NULL,
        [FileNameCipher] varbinary(max) NOT NULL,
        [ContentCipher] varbinary(max) NOT NULL,
        [UploadedUtc] datetime2 NOT NULL,
        CONSTRAINT [PK_PublicFormFiles] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [PublicFormLinks] (
        [Id] uniqueidentifier NOT NULL,
        [TokenHash] nvarchar(64) NOT NULL,
        [FormId] nvarchar(64) NOT NULL,
        [FormVersion] int NOT NULL,
        [CreatedBy] uniqueidentifier NOT NULL,
        [CreatedUtc] datetime2 NOT NULL,
        [DisabledUtc] datetime2 NULL,
        CONSTRAINT [PK_PublicFormLinks] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [SecureMessages] (
        [Id] uniqueidentifier NOT NULL,
        [PatientId] uniqueidentifier NOT NULL,
        [SenderId] uniqueidentifier NOT NULL,
        [ThreadId] uniqueidentifier NOT NULL,
        [FromPatient] bit NOT NULL,
        [ExpiresUtc] datetime2 NULL,
        [RecalledUtc] datetime2 NULL,
        [StaffReadUtc] datetime2 NULL,
        [AssignedStaffId] uniqueidentifier NULL,
        [SubjectCipher] varbinary(max) NOT NULL,
        [BodyCipher] varbinary(max) NOT NULL,
        [BodyFormat] int NOT NULL,
        [SentUtc] datetime2 NOT NULL,
        [Sensitivity] int NOT NULL,
        [DeliveryMethod] int NOT NULL,
        [PolicyReason] nvarchar(500) NOT NULL,
        [DeliveryEvidence] nvarchar(500) NULL,
        [ReadUtc] datetime2 NULL,
        CONSTRAINT [PK_SecureMessages] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [SuppressedAddresses] (
        [Address] nvarchar(320) NOT NULL,
        [Reason] int NOT NULL,
        [SinceUtc] datetime2 NOT NULL,
        [OutboxId] uniqueidentifier NULL,
        [Detail] nvarchar(500) NULL,
        CONSTRAINT [PK_SuppressedAddresses] PRIMARY KEY ([Address])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [AspNetRoleClaims] (
        [Id] int NOT NULL IDENTITY,
        [RoleId] uniqueidentifier NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoleClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetRoleClaims_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [AspNetRoles] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserClaims] (
        [Id] int NOT NULL IDENTITY,
        [UserId] uniqueidentifier NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetUserClaims_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserLogins] (
        [LoginProvider] nvarchar(450) NOT NULL,
        [ProviderKey] nvarchar(450) NOT NULL,
        [ProviderDisplayName] nvarchar(max) NULL,
        [UserId] uniqueidentifier NOT NULL,
        CONSTRAINT [PK_AspNetUserLogins] PRIMARY KEY ([LoginProvider], [ProviderKey]),
        CONSTRAINT [FK_AspNetUserLogins_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserRoles] (
        [UserId] uniqueidentifier NOT NULL,
        [RoleId] uniqueidentifier NOT NULL,
        CONSTRAINT [PK_AspNetUserRoles] PRIMARY KEY ([UserId], [RoleId]),
        CONSTRAINT [FK_AspNetUserRoles_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [AspNetRoles] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_AspNetUserRoles_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserTokens] (
        [UserId] uniqueidentifier NOT NULL,
        [LoginProvider] nvarchar(450) NOT NULL,
        [Name] nvarchar(450) NOT NULL,
        [Value] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserTokens] PRIMARY KEY ([UserId], [LoginProvider], [Name]),
        CONSTRAINT [FK_AspNetUserTokens_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [KnownDevices] (
        [Id] uniqueidentifier NOT NULL,
        [UserId] uniqueidentifier NOT NULL,
        [DeviceHash] nvarchar(64) NOT NULL,
        [FirstSeenUtc] datetime2 NOT NULL,
        [LastSeenUtc] datetime2 NOT NULL,
        [LastAddress] nvarchar(64) NULL,
        CONSTRAINT [PK_KnownDevices] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_KnownDevices_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [PasskeyCredentials] (
        [Id] uniqueidentifier NOT NULL,
        [UserId] uniqueidentifier NOT NULL,
        [CredentialId] varbinary(900) NOT NULL,
        [PublicKey] varbinary(max) NOT NULL,
        [SignCount] bigint NOT NULL,
        [Name] nvarchar(64) NOT NULL,
        [AaGuid] uniqueidentifier NOT NULL,
        [IsBackupEligible] bit NOT NULL,
        [Transports] nvarchar(100) NULL,
        [CreatedUtc] datetime2 NOT NULL,
        [LastUsedUtc] datetime2 NULL,
        CONSTRAINT [PK_PasskeyCredentials] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_PasskeyCredentials_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [Patients] (
        [Id] uniqueidentifier NOT NULL,
        [FullNameCipher] varbinary(max) NOT NULL,
        [CreatedUtc] datetime2 NOT NULL,
        CONSTRAINT [PK_Patients] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Patients_AspNetUsers_Id] FOREIGN KEY ([Id]) REFERENCES [AspNetUsers] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [RecoveryCodes] (
        [Id] uniqueidentifier NOT NULL,
        [UserId] uniqueidentifier NOT NULL,
        [CodeHash] nvarchar(64) NOT NULL,
        [CreatedUtc] datetime2 NOT NULL,
        [UsedUtc] datetime2 NULL,
        CONSTRAINT [PK_RecoveryCodes] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_RecoveryCodes_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [TotpStepUses] (
        [UserId] uniqueidentifier NOT NULL,
        [LastTimeStep] bigint NOT NULL,
        CONSTRAINT [PK_TotpStepUses] PRIMARY KEY ([UserId]),
        CONSTRAINT [FK_TotpStepUses_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [UserSessions] (
        [Id] uniqueidentifier NOT NULL,
        [UserId] uniqueidentifier NOT NULL,
        [CreatedUtc] datetime2 NOT NULL,
        [LastSeenUtc] datetime2 NOT NULL,
        [SecondFactorUtc] datetime2 NULL,
        [RevokedUtc] datetime2 NULL,
        [RevokedReason] nvarchar(64) NULL,
        [ClientAddress] nvarchar(64) NULL,
        [UserAgent] nvarchar(256) NULL,
        CONSTRAINT [PK_UserSessions] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_UserSessions_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [FormVersions] (
        [FormId] nvarchar(64) NOT NULL,
        [Version] int NOT NULL,
        [CanonicalJson] nvarchar(max) NOT NULL,
        [ContentHash] nvarchar(64) NOT NULL,
        [PublishedUtc] datetimeoffset NOT NULL,
        [PublishedBy] uniqueidentifier NULL,
        CONSTRAINT [PK_FormVersions] PRIMARY KEY ([FormId], [Version]),
        CONSTRAINT [FK_FormVersions_Forms_FormId] FOREIGN KEY ([FormId]) REFERENCES [Forms] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [MessageAttachments] (
        [Id] uniqueidentifier NOT NULL,
        [MessageId] uniqueidentifier NOT NULL,
        [PatientId] uniqueidentifier NOT NULL,
        [FileNameCipher] varbinary(max) NOT NULL,
        [ContentCipher] varbinary(max) NOT NULL,
        [ContentType] nvarchar(100) NOT NULL,
        [SizeBytes] bigint NOT NULL,
        [CreatedUtc] datetime2 NOT NULL,
        CONSTRAINT [PK_MessageAttachments] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_MessageAttachments_SecureMessages_MessageId] FOREIGN KEY ([MessageId]) REFERENCES [SecureMessages] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [CareTeamMembers] (
        [PatientId] uniqueidentifier NOT NULL,
        [StaffId] uniqueidentifier NOT NULL,
        [AddedUtc] datetime2 NOT NULL,
        CONSTRAINT [PK_CareTeamMembers] PRIMARY KEY ([PatientId], [StaffId]),
        CONSTRAINT [FK_CareTeamMembers_AspNetUsers_StaffId] FOREIGN KEY ([StaffId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_CareTeamMembers_Patients_PatientId] FOREIGN KEY ([PatientId]) REFERENCES [Patients] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [FormAssignments] (
        [Id] uniqueidentifier NOT NULL,
        [PatientId] uniqueidentifier NOT NULL,
        [FormId] nvarchar(64) NOT NULL,
        [FormVersion] int NOT NULL,
        [AssignedBy] uniqueidentifier NOT NULL,
        [AssignedUtc] datetime2 NOT NULL,
        [DueUtc] datetime2 NOT NULL,
        [DraftCipher] varbinary(max) NULL,
        [DraftPageId] nvarchar(64) NULL,
        [DraftSavedUtc] datetime2 NULL,
        [SubmissionId] uniqueidentifier NULL,
        [SubmittedUtc] datetime2 NULL,
        [NextReminderUtc] datetime2 NULL,
        [RemindersSent] int NOT NULL,
        CONSTRAINT [PK_FormAssignments] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_FormAssignments_Patients_PatientId] FOREIGN KEY ([PatientId]) REFERENCES [Patients] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [RecipientKeys] (
        [Id] uniqueidentifier NOT NULL,
        [PatientId] uniqueidentifier NOT NULL,
        [Kind] int NOT NULL,
        [Material] varbinary(max) NOT NULL,
        [Fingerprint] nvarchar(64) NOT NULL,
        [ExpiresUtc] datetime2 NULL,
        [AddedUtc] datetime2 NOT NULL,
        [AddedById] uniqueidentifier NOT NULL,
        CONSTRAINT [PK_RecipientKeys] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_RecipientKeys_Patients_PatientId] FOREIGN KEY ([PatientId]) REFERENCES [Patients] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE TABLE [FormFiles] (
        [Id] uniqueidentifier NOT NULL,
        [PatientId] uniqueidentifier NOT NULL,
        [AssignmentId] uniqueidentifier NOT NULL,
        [FieldId] nvarchar(100) NOT NULL,
        [ContentType] nvarchar(100) NOT NULL,
        [SizeBytes] bigint NOT NULL,
        [FileNameCipher] varbinary(max) NOT NULL,
        [ContentCipher] varbinary(max) NOT NULL,
        [UploadedUtc] datetime2 NOT NULL,
        CONSTRAINT [PK_FormFiles] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_FormFiles_FormAssignments_AssignmentId] FOREIGN KEY ([AssignmentId]) REFERENCES [FormAssignments] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetRoleClaims_RoleId] ON [AspNetRoleClaims] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [RoleNameIndex] ON [AspNetRoles] ([NormalizedName]) WHERE [NormalizedName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserClaims_UserId] ON [AspNetUserClaims] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserLogins_UserId] ON [AspNetUserLogins] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserRoles_RoleId] ON [AspNetUserRoles] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [EmailIndex] ON [AspNetUsers] ([NormalizedEmail]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [UserNameIndex] ON [AspNetUsers] ([NormalizedUserName]) WHERE [NormalizedUserName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_PatientId_TimestampUtc] ON [AuditEntries] ([PatientId], [TimestampUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_TimestampUtc] ON [AuditEntries] ([TimestampUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_BreakGlassGrants_StaffId_PatientId_ExpiresUtc] ON [BreakGlassGrants] ([StaffId], [PatientId], [ExpiresUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_CareTeamMembers_StaffId] ON [CareTeamMembers] ([StaffId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_DeliveryEvents_OutboxId] ON [DeliveryEvents] ([OutboxId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_DeliveryEvents_ReferenceId] ON [DeliveryEvents] ([ReferenceId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_FormAssignments_NextReminderUtc] ON [FormAssignments] ([NextReminderUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_FormAssignments_PatientId_AssignedUtc] ON [FormAssignments] ([PatientId], [AssignedUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_FormFiles_AssignmentId] ON [FormFiles] ([AssignmentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_FormFiles_PatientId_AssignmentId_FieldId] ON [FormFiles] ([PatientId], [AssignmentId], [FieldId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_FormSubmissions_AssignmentId] ON [FormSubmissions] ([AssignmentId]) WHERE [AssignmentId] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_FormSubmissions_FormId_FormVersion] ON [FormSubmissions] ([FormId], [FormVersion]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_FormSubmissions_PatientId_SubmittedUtc] ON [FormSubmissions] ([PatientId], [SubmittedUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_FormSubmissions_PublicNonceHash] ON [FormSubmissions] ([PublicNonceHash]) WHERE [PublicNonceHash] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_FormWebhookDeliveries_DeliveredUtc_FailedUtc_NextAttemptUtc] ON [FormWebhookDeliveries] ([DeliveredUtc], [FailedUtc], [NextAttemptUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_KnownDevices_UserId_DeviceHash] ON [KnownDevices] ([UserId], [DeviceHash]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_MessageAttachments_MessageId] ON [MessageAttachments] ([MessageId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_MessageAttachments_PatientId_MessageId] ON [MessageAttachments] ([PatientId], [MessageId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_Outbox_LeaseToken] ON [Outbox] ([LeaseToken]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_Outbox_SentUtc_FailedUtc_NextAttemptUtc] ON [Outbox] ([SentUtc], [FailedUtc], [NextAttemptUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_PasskeyChallenges_ExpiresUtc] ON [PasskeyChallenges] ([ExpiresUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_PasskeyCredentials_CredentialId] ON [PasskeyCredentials] ([CredentialId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_PasskeyCredentials_UserId] ON [PasskeyCredentials] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_PublicFormFiles_SubmissionId_FieldId] ON [PublicFormFiles] ([SubmissionId], [FieldId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_PublicFormFiles_UploadedUtc] ON [PublicFormFiles] ([UploadedUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_PublicFormLinks_TokenHash] ON [PublicFormLinks] ([TokenHash]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_RecipientKeys_PatientId_Fingerprint] ON [RecipientKeys] ([PatientId], [Fingerprint]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_RecoveryCodes_UserId_CodeHash] ON [RecoveryCodes] ([UserId], [CodeHash]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_SecureMessages_PatientId_SentUtc] ON [SecureMessages] ([PatientId], [SentUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_SecureMessages_PatientId_ThreadId] ON [SecureMessages] ([PatientId], [ThreadId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_SecureMessages_SenderId] ON [SecureMessages] ([SenderId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    CREATE INDEX [IX_UserSessions_UserId] ON [UserSessions] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203101426_Initial'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261203101426_Initial', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204012437_SentOutcomes'
)
BEGIN
    ALTER TABLE [Outbox] ADD [OutcomeEvidence] nvarchar(500) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204012437_SentOutcomes'
)
BEGIN
    ALTER TABLE [Outbox] ADD [OutcomeMethod] int NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204012437_SentOutcomes'
)
BEGIN
    ALTER TABLE [Outbox] ADD [OutcomeReason] nvarchar(500) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204012437_SentOutcomes'
)
BEGIN
    UPDATE [Outbox] SET
        [OutcomeMethod] = (SELECT m.[DeliveryMethod] FROM [SecureMessages] m WHERE m.[Id] = [Outbox].[ReferenceId]),
        [OutcomeEvidence] = (SELECT m.[DeliveryEvidence] FROM [SecureMessages] m WHERE m.[Id] = [Outbox].[ReferenceId])
    WHERE [Kind] IN (1, 9, 10, 12)
      AND EXISTS (SELECT 1 FROM [SecureMessages] m WHERE m.[Id] = [Outbox].[ReferenceId] AND m.[DeliveryEvidence] IS NOT NULL);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204012437_SentOutcomes'
)
BEGIN
    DECLARE @var nvarchar(max);
    SELECT @var = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[SecureMessages]') AND [c].[name] = N'DeliveryEvidence');
    IF @var IS NOT NULL EXEC(N'ALTER TABLE [SecureMessages] DROP CONSTRAINT ' + @var + ';');
    ALTER TABLE [SecureMessages] DROP COLUMN [DeliveryEvidence];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204012437_SentOutcomes'
)
BEGIN
    CREATE INDEX [IX_Outbox_ReferenceId] ON [Outbox] ([ReferenceId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204012437_SentOutcomes'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204012437_SentOutcomes', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204015015_WorkforceAccounts'
)
BEGIN
    ALTER TABLE [AspNetUsers] ADD [DeactivatedUtc] datetime2 NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204015015_WorkforceAccounts'
)
BEGIN
    ALTER TABLE [AspNetUsers] ADD [InvitedUtc] datetime2 NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204015015_WorkforceAccounts'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204015015_WorkforceAccounts', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204020451_AuditChain'
)
BEGIN
    ALTER TABLE [AuditEntries] ADD [Hash] varbinary(32) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204020451_AuditChain'
)
BEGIN
    ALTER TABLE [AuditEntries] ADD [Sequence] bigint NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204020451_AuditChain'
)
BEGIN
    CREATE TABLE [AuditChainHeads] (
        [Id] int NOT NULL,
        [Sequence] bigint NOT NULL,
        [Hash] varbinary(32) NOT NULL,
        [Version] bigint NOT NULL,
        CONSTRAINT [PK_AuditChainHeads] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204020451_AuditChain'
)
BEGIN
    CREATE TABLE [AuditCheckpoints] (
        [Id] bigint NOT NULL IDENTITY,
        [Sequence] bigint NOT NULL,
        [Hash] varbinary(32) NOT NULL,
        [CreatedUtc] datetime2 NOT NULL,
        [KeyId] nvarchar(32) NOT NULL,
        [Signature] varbinary(128) NOT NULL,
        CONSTRAINT [PK_AuditCheckpoints] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204020451_AuditChain'
)
BEGIN
    IF EXISTS (SELECT * FROM [sys].[identity_columns] WHERE [name] IN (N'Id', N'Hash', N'Sequence', N'Version') AND [object_id] = OBJECT_ID(N'[AuditChainHeads]'))
        SET IDENTITY_INSERT [AuditChainHeads] ON;
    EXEC(N'INSERT INTO [AuditChainHeads] ([Id], [Hash], [Sequence], [Version])
    VALUES (1, 0x0000000000000000000000000000000000000000000000000000000000000000, CAST(0 AS bigint), CAST(0 AS bigint))');
    IF EXISTS (SELECT * FROM [sys].[identity_columns] WHERE [name] IN (N'Id', N'Hash', N'Sequence', N'Version') AND [object_id] = OBJECT_ID(N'[AuditChainHeads]'))
        SET IDENTITY_INSERT [AuditChainHeads] OFF;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204020451_AuditChain'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_AuditEntries_Sequence] ON [AuditEntries] ([Sequence]) WHERE [Sequence] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204020451_AuditChain'
)
BEGIN
    CREATE INDEX [IX_AuditCheckpoints_Sequence] ON [AuditCheckpoints] ([Sequence]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204020451_AuditChain'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204020451_AuditChain', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204022914_Retention'
)
BEGIN
    CREATE TABLE [DisposalCertificates] (
        [Id] uniqueidentifier NOT NULL,
        [RunId] uniqueidentifier NOT NULL,
        [Kind] int NOT NULL,
        [Count] int NOT NULL,
        [CutoffUtc] datetime2 NOT NULL,
        [Method] nvarchar(32) NOT NULL,
        [Basis] nvarchar(100) NOT NULL,
        [ThroughSequence] bigint NULL,
        [CreatedUtc] datetime2 NOT NULL,
        [KeyId] nvarchar(32) NOT NULL,
        [Signature] varbinary(128) NOT NULL,
        CONSTRAINT [PK_DisposalCertificates] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204022914_Retention'
)
BEGIN
    CREATE TABLE [LegalHolds] (
        [Id] uniqueidentifier NOT NULL,
        [PatientId] uniqueidentifier NOT NULL,
        [Reference] nvarchar(200) NOT NULL,
        [PlacedBy] uniqueidentifier NOT NULL,
        [PlacedUtc] datetime2 NOT NULL,
        [ReleasedBy] uniqueidentifier NULL,
        [ReleasedUtc] datetime2 NULL,
        CONSTRAINT [PK_LegalHolds] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204022914_Retention'
)
BEGIN
    CREATE TABLE [RetentionRules] (
        [Kind] int NOT NULL,
        [Days] int NOT NULL,
        [UpdatedUtc] datetime2 NOT NULL,
        [UpdatedBy] uniqueidentifier NULL,
        CONSTRAINT [PK_RetentionRules] PRIMARY KEY ([Kind])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204022914_Retention'
)
BEGIN
    CREATE INDEX [IX_DisposalCertificates_CreatedUtc] ON [DisposalCertificates] ([CreatedUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204022914_Retention'
)
BEGIN
    CREATE INDEX [IX_LegalHolds_PatientId_ReleasedUtc] ON [LegalHolds] ([PatientId], [ReleasedUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204022914_Retention'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204022914_Retention', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204023331_ErasureCertificates'
)
BEGIN
    ALTER TABLE [DisposalCertificates] ADD [PatientId] uniqueidentifier NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204023331_ErasureCertificates'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204023331_ErasureCertificates', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204051833_Audience'
)
BEGIN
    CREATE TABLE [Appointments] (
        [Id] uniqueidentifier NOT NULL,
        [PatientId] uniqueidentifier NOT NULL,
        [StartUtc] datetime2 NOT NULL,
        [Status] tinyint NOT NULL,
        [DetailsCipher] varbinary(max) NOT NULL,
        [ExternalIdToken] varbinary(16) NULL,
        [UpdatedUtc] datetime2 NOT NULL,
        CONSTRAINT [PK_Appointments] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Appointments_Patients_PatientId] FOREIGN KEY ([PatientId]) REFERENCES [Patients] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204051833_Audience'
)
BEGIN
    CREATE TABLE [Authorisations] (
        [Id] uniqueidentifier NOT NULL,
        [PatientId] uniqueidentifier NOT NULL,
        [Purpose] tinyint NOT NULL,
        [SubmissionId] uniqueidentifier NOT NULL,
        [FormId] nvarchar(64) NOT NULL,
        [FormVersion] int NOT NULL,
        [GrantedUtc] datetime2 NOT NULL,
        [ExpiresUtc] datetime2 NOT NULL,
        [RevokedUtc] datetime2 NULL,
        CONSTRAINT [PK_Authorisations] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Authorisations_Patients_PatientId] FOREIGN KEY ([PatientId]) REFERENCES [Patients] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204051833_Audience'
)
BEGIN
    CREATE TABLE [CommunicationPreferences] (
        [PatientId] uniqueidentifier NOT NULL,
        [Purpose] tinyint NOT NULL,
        [Channel] tinyint NOT NULL,
        [Allowed] bit NOT NULL,
        [UpdatedUtc] datetime2 NOT NULL,
        [Source] nvarchar(32) NOT NULL,
        CONSTRAINT [PK_CommunicationPreferences] PRIMARY KEY ([PatientId], [Purpose], [Channel]),
        CONSTRAINT [FK_CommunicationPreferences_Patients_PatientId] FOREIGN KEY ([PatientId]) REFERENCES [Patients] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204051833_Audience'
)
BEGIN
    CREATE TABLE [ImportRuns] (
        [Id] uniqueidentifier NOT NULL,
        [Source] nvarchar(64) NOT NULL,
        [StartedBy] uniqueidentifier NOT NULL,
        [StartedUtc] datetime2 NOT NULL,
        [Total] int NOT NULL,
        [Processed] int NOT NULL,
        [Created] int NOT NULL,
        [Updated] int NOT NULL,
        [Rejected] int NOT NULL,
        [FinishedUtc] datetime2 NULL,
        [Failed] bit NOT NULL,
        [ProblemsJson] nvarchar(max) NOT NULL,
        [SkippedJson] nvarchar(max) NOT NULL,
        CONSTRAINT [PK_ImportRuns] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204051833_Audience'
)
BEGIN
    CREATE TABLE [PatientDiagnoses] (
        [Id] uniqueidentifier NOT NULL,
        [PatientId] uniqueidentifier NOT NULL,
        [System] tinyint NOT NULL,
        [CodeCipher] varbinary(max) NOT NULL,
        [RecordedUtc] datetime2 NULL,
        [CreatedUtc] datetime2 NOT NULL,
        CONSTRAINT [PK_PatientDiagnoses] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_PatientDiagnoses_Patients_PatientId] FOREIGN KEY ([PatientId]) REFERENCES [Patients] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204051833_Audience'
)
BEGIN
    CREATE TABLE [PatientProfiles] (
        [PatientId] uniqueidentifier NOT NULL,
        [DetailsCipher] varbinary(max) NOT NULL,
        [BirthYear] int NULL,
        [Sex] tinyint NOT NULL,
        [Language] nvarchar(35) NULL,
        [PostalPrefix] nvarchar(3) NULL,
        [TimeZone] nvarchar(64) NULL,
        [LastVisitUtc] datetime2 NULL,
        [UpdatedUtc] datetime2 NOT NULL,
        CONSTRAINT [PK_PatientProfiles] PRIMARY KEY ([PatientId]),
        CONSTRAINT [FK_PatientProfiles_Patients_PatientId] FOREIGN KEY ([PatientId]) REFERENCES [Patients] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204051833_Audience'
)
BEGIN
    CREATE TABLE [PatientTokens] (
        [PatientId] uniqueidentifier NOT NULL,
        [Kind] tinyint NOT NULL,
        [Token] varbinary(16) NOT NULL,
        CONSTRAINT [PK_PatientTokens] PRIMARY KEY ([PatientId], [Kind], [Token]),
        CONSTRAINT [FK_PatientTokens_Patients_PatientId] FOREIGN KEY ([PatientId]) REFERENCES [Patients] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204051833_Audience'
)
BEGIN
    CREATE TABLE [ProtectedKeys] (
        [Purpose] nvarchar(64) NOT NULL,
        [Protected] varbinary(max) NOT NULL,
        [CreatedUtc] datetime2 NOT NULL,
        CONSTRAINT [PK_ProtectedKeys] PRIMARY KEY ([Purpose])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204051833_Audience'
)
BEGIN
    CREATE TABLE [Segments] (
        [Id] uniqueidentifier NOT NULL,
        [Name] nvarchar(120) NOT NULL,
        [DefinitionJson] nvarchar(max) NOT NULL,
        [CreatedBy] uniqueidentifier NOT NULL,
        [CreatedUtc] datetime2 NOT NULL,
        [UpdatedBy] uniqueidentifier NOT NULL,
        [UpdatedUtc] datetime2 NOT NULL,
        CONSTRAINT [PK_Segments] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204051833_Audience'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_Appointments_PatientId_ExternalIdToken] ON [Appointments] ([PatientId], [ExternalIdToken]) WHERE [ExternalIdToken] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204051833_Audience'
)
BEGIN
    CREATE INDEX [IX_Appointments_PatientId_StartUtc] ON [Appointments] ([PatientId], [StartUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204051833_Audience'
)
BEGIN
    CREATE INDEX [IX_Appointments_StartUtc_Status] ON [Appointments] ([StartUtc], [Status]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204051833_Audience'
)
BEGIN
    CREATE INDEX [IX_Authorisations_PatientId_Purpose] ON [Authorisations] ([PatientId], [Purpose]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204051833_Audience'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Authorisations_SubmissionId] ON [Authorisations] ([SubmissionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204051833_Audience'
)
BEGIN
    CREATE INDEX [IX_ImportRuns_StartedBy_StartedUtc] ON [ImportRuns] ([StartedBy], [StartedUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204051833_Audience'
)
BEGIN
    CREATE INDEX [IX_PatientDiagnoses_PatientId] ON [PatientDiagnoses] ([PatientId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204051833_Audience'
)
BEGIN
    CREATE INDEX [IX_PatientProfiles_BirthYear] ON [PatientProfiles] ([BirthYear]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204051833_Audience'
)
BEGIN
    CREATE INDEX [IX_PatientProfiles_LastVisitUtc] ON [PatientProfiles] ([LastVisitUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204051833_Audience'
)
BEGIN
    CREATE INDEX [IX_PatientTokens_Token_PatientId] ON [PatientTokens] ([Token], [PatientId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204051833_Audience'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Segments_Name] ON [Segments] ([Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204051833_Audience'
)
BEGIN
    INSERT INTO [PatientProfiles] ([PatientId], [DetailsCipher], [Sex], [UpdatedUtc]) SELECT [Id], 0x, 0, [CreatedUtc] FROM [Patients];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204051833_Audience'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204051833_Audience', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204052215_SealedRecipientKeys'
)
BEGIN
    ALTER TABLE [RecipientKeys] ADD [Sealed] bit NOT NULL DEFAULT CAST(0 AS bit);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204052215_SealedRecipientKeys'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204052215_SealedRecipientKeys', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204122446_SealedAccountEmails'
)
BEGIN
    DECLARE @var1 nvarchar(max);
    SELECT @var1 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[AspNetUsers]') AND [c].[name] = N'Email');
    IF @var1 IS NOT NULL EXEC(N'ALTER TABLE [AspNetUsers] DROP CONSTRAINT ' + @var1 + ';');
    ALTER TABLE [AspNetUsers] ALTER COLUMN [Email] nvarchar(512) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204122446_SealedAccountEmails'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204122446_SealedAccountEmails', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204145533_ApiKeys'
)
BEGIN
    CREATE TABLE [ApiKeys] (
        [Id] uniqueidentifier NOT NULL,
        [Name] nvarchar(100) NOT NULL,
        [SecretHash] varbinary(32) NOT NULL,
        [Scopes] nvarchar(500) NOT NULL,
        [ActsForAccountId] uniqueidentifier NOT NULL,
        [CreatedBy] uniqueidentifier NOT NULL,
        [CreatedUtc] datetime2 NOT NULL,
        [ExpiresUtc] datetime2 NOT NULL,
        [RevokedUtc] datetime2 NULL,
        [LastUsedUtc] datetime2 NULL,
        [ReplacesKeyId] uniqueidentifier NULL,
        CONSTRAINT [PK_ApiKeys] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_ApiKeys_AspNetUsers_ActsForAccountId] FOREIGN KEY ([ActsForAccountId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204145533_ApiKeys'
)
BEGIN
    CREATE INDEX [IX_ApiKeys_ActsForAccountId] ON [ApiKeys] ([ActsForAccountId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204145533_ApiKeys'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204145533_ApiKeys', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204212918_Campaigns'
)
BEGIN
    DROP INDEX [IX_Outbox_SentUtc_FailedUtc_NextAttemptUtc] ON [Outbox];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204212918_Campaigns'
)
BEGIN
    ALTER TABLE [Outbox] ADD [Pool] tinyint NOT NULL DEFAULT CAST(0 AS tinyint);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204212918_Campaigns'
)
BEGIN
    UPDATE "Outbox" SET "Pool" = 1 WHERE "Kind" = 20;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204212918_Campaigns'
)
BEGIN
    ALTER TABLE [MarketingContents] ADD [CampaignId] uniqueidentifier NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204212918_Campaigns'
)
BEGIN
    ALTER TABLE [MarketingContents] ADD [IsTest] bit NOT NULL DEFAULT CAST(0 AS bit);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204212918_Campaigns'
)
BEGIN
    CREATE TABLE [Campaigns] (
        [Id] uniqueidentifier NOT NULL,
        [Name] nvarchar(120) NOT NULL,
        [Goal] tinyint NOT NULL,
        [Purpose] tinyint NOT NULL,
        [PaidByThirdParty] bit NOT NULL,
        [SegmentId] uniqueidentifier NULL,
        [FromName] nvarchar(100) NOT NULL,
        [Subject] nvarchar(200) NOT NULL,
        [Preheader] nvarchar(200) NOT NULL,
        [Schedule] tinyint NOT NULL,
        [SendAtLocal] nvarchar(16) NULL,
        [HoldoutPercent] int NOT NULL,
        [HoldoutCount] int NOT NULL,
        [DesignJson] nvarchar(max) NOT NULL,
        [Status] tinyint NOT NULL,
        [CreatedBy] uniqueidentifier NOT NULL,
        [CreatedUtc] datetime2 NOT NULL,
        [UpdatedUtc] datetime2 NOT NULL,
        [LaunchedUtc] datetime2 NULL,
        [LaunchedBy] uniqueidentifier NULL,
        [ContentId] uniqueidentifier NULL,
        [QueuedCount] int NOT NULL,
        [LeftOutNoAddress] int NOT NULL,
        [LeftOutOptedOut] int NOT NULL,
        [LeftOutNoAuthorisation] int NOT NULL,
        [LeftOutSuppressed] int NOT NULL,
        [LeftOutBounced] int NOT NULL,
        [LeftOutFrequencyCap] int NOT NULL,
        CONSTRAINT [PK_Campaigns] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204212918_Campaigns'
)
BEGIN
    CREATE TABLE [CampaignHoldouts] (
        [CampaignId] uniqueidentifier NOT NULL,
        [PatientId] uniqueidentifier NOT NULL,
        CONSTRAINT [PK_CampaignHoldouts] PRIMARY KEY ([CampaignId], [PatientId]),
        CONSTRAINT [FK_CampaignHoldouts_Campaigns_CampaignId] FOREIGN KEY ([CampaignId]) REFERENCES [Campaigns] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204212918_Campaigns'
)
BEGIN
    CREATE INDEX [IX_Outbox_Pool_SentUtc_FailedUtc_NextAttemptUtc] ON [Outbox] ([Pool], [SentUtc], [FailedUtc], [NextAttemptUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204212918_Campaigns'
)
BEGIN
    CREATE INDEX [IX_Campaigns_Status] ON [Campaigns] ([Status]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204212918_Campaigns'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204212918_Campaigns', N'10.0.15');
END;

COMMIT;
GO

